import { expect } from 'chai';
import supertest from 'supertest';
import { csrfTokenIn, WebClient } from '../../helpers/web-client.js';
import { decide, authorizeUrl, registerApp } from '../../helpers/oauth.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

const NEW_TOKEN = /id="new-token"[^>]*>([^<]+)</;

describe('settings: personal access tokens and authorised apps', () => {
  let testApp: TestApp;
  let member: WebClient;
  beforeEach(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    member = new WebClient(testApp);
    await member.signIn(MEMBER.username, MEMBER.password);
  });
  afterEach(() => testApp.close());

  const api = () => supertest(testApp.callback);
  const createToken = (fields: Record<string, string | string[]>) =>
    member.get('/settings/tokens').then((page) =>
      member.agent.post('/settings/tokens').type('form').set('Accept', 'text/html').send({ _csrf: csrfTokenIn(page.text), ...fields }),
    );

  it('creates a token shown once, which then works as a bearer token until revoked there', async () => {
    const created = await createToken({ name: 'Deploy script', scopes: ['read', 'write'] });
    expect(created.status).to.equal(200);
    const token = NEW_TOKEN.exec(created.text)?.[1];
    expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    const listed = await member.get('/settings/tokens').expect(200);
    expect(listed.text).to.contain('Deploy script').and.not.contain(token!);

    const me = await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.username).to.equal(MEMBER.username);

    const id = /action="\/settings\/tokens\/([0-9A-Z]{26})\/revoke"/.exec(listed.text)?.[1];
    const revoked = await member.submit('/settings/tokens', `/settings/tokens/${id}/revoke`, {});
    expect(revoked.headers.location).to.equal('/settings/tokens?revoked=1');
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('asks for a name and at least one scope, in the page\'s language', async () => {
    const unnamed = await createToken({ name: ' ', scopes: 'read' });
    expect(unnamed.status).to.equal(422);
    expect(unnamed.text).to.contain('id="name-error"');
    const unscoped = await createToken({ name: 'No scopes' });
    expect(unscoped.status).to.equal(422);
    expect(unscoped.text).to.contain('id="scopes-error"');
  });

  it('lists apps the person authorised and revokes their access', async () => {
    const app = await registerApp(testApp);
    const approved = await decide(member, authorizeUrl(app), 'approve');
    const code = new URL(approved.headers.location!).searchParams.get('code');
    const token = (
      await api()
        .post('/oauth/token')
        .send({ grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: 'https://client.example/callback' })
        .expect(200)
    ).body.access_token as string;
    const page = await member.get('/settings/tokens').expect(200);
    expect(page.text).to.contain('Test client');
    await member.submit('/settings/tokens', `/settings/apps/${app.id}/revoke`, {});
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await member.get('/settings/tokens')).text).not.to.contain('Test client');
  });

  it('renders the page in French too', async () => {
    const french = new WebClient(testApp, 'fr');
    await french.signIn(MEMBER.username, MEMBER.password);
    const page = await french.get('/settings/tokens').expect(200);
    expect(page.text).to.contain('Jetons d’accès personnels');
  });

  it('never lets a bearer API read start a browser session', async () => {
    const token = NEW_TOKEN.exec((await createToken({ name: 'Reader', scopes: 'read' })).text)?.[1];
    const response = await api().get('/api/v1/instance').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.headers['set-cookie']).to.equal(undefined);
  });
});
