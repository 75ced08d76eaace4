import { expect } from 'chai';
import supertest from 'supertest';
import { csrfTokenIn, WebClient } from '../../helpers/web-client.js';
import { passwordToken, registerApp } from '../../helpers/oauth.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('API authentication: bearer tokens, scopes and session cookies', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
  });
  afterEach(() => testApp.close());

  const api = () => supertest(testApp.callback);
  const memberId = async () => (await testApp.container.users.findByUsername(MEMBER.username))!.id;
  const tokenWith = async (scope: string) => passwordToken(testApp, await registerApp(testApp, 'read write follow'), MEMBER.username, MEMBER.password, scope);

  it('refuses an unknown token with 401 and Mastodon\'s message, even when a session cookie comes along', async () => {
    const browser = new WebClient(testApp);
    await browser.signIn(MEMBER.username, MEMBER.password);
    await browser.agent.get('/api/v1/accounts/verify_credentials').expect(200);
    const response = await browser.agent.get('/api/v1/accounts/verify_credentials').set('Authorization', 'Bearer nonsense').expect(401);
    expect(response.body.error).to.equal('The access token is invalid');
    expect(response.headers['www-authenticate']).to.match(/^Bearer error="invalid_token"/);
  });

  it('stops honouring a token the moment it is revoked', async () => {
    const token = await tokenWith('read');
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(200);
    const record = await testApp.container.tokens.findByToken(token);
    expect(await testApp.container.tokens.revokeOwned(record!.id, await memberId())).to.equal(true);
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses the token of a deactivated person, and revokeAllForUser ends every token', async () => {
    const token = await tokenWith('read');
    const other = await tokenWith('read');
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(200);
    const id = await memberId();
    await testApp.container.sequelize.transaction((transaction) => testApp.container.users.deactivate([id], new Date(), transaction));
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(401);
    expect(await testApp.container.tokens.revokeAllForUser(id)).to.equal(2);
    expect((await testApp.container.tokens.findByToken(other))!.revokedAt).to.be.instanceOf(Date);
  });

  it('refuses a write with a read-only token (403) and allows it with write', async () => {
    const readOnly = await tokenWith('read');
    const denied = await api()
      .patch('/api/v1/accounts/update_credentials')
      .set('Authorization', `Bearer ${readOnly}`)
      .send({ display_name: 'Robert' })
      .expect(403);
    expect(denied.body.error).to.equal('This action is outside the authorized scopes');
    const writer = await tokenWith('write:accounts read:accounts');
    const done = await api().patch('/api/v1/accounts/update_credentials').set('Authorization', `Bearer ${writer}`).send({ display_name: 'Robert' }).expect(200);
    expect(done.body.display_name).to.equal('Robert');
    // write:accounts alone does not read accounts
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${await tokenWith('write')}`).expect(403);
  });

  it('lets a session cookie write through the API only with the X-CSRF-Token header', async () => {
    const browser = new WebClient(testApp);
    await browser.signIn(MEMBER.username, MEMBER.password);
    await browser.agent.patch('/api/v1/accounts/update_credentials').send({ display_name: 'Bobby' }).expect(403);
    const csrf = csrfTokenIn((await browser.get('/settings')).text);
    const response = await browser.agent.patch('/api/v1/accounts/update_credentials').set('X-CSRF-Token', csrf).send({ display_name: 'Bobby' }).expect(200);
    expect(response.body.display_name).to.equal('Bobby');
  });

  it('treats a bearer request outside /api as anonymous, so a token cannot post a page form with the cookie', async () => {
    const browser = new WebClient(testApp);
    await browser.signIn(MEMBER.username, MEMBER.password);
    const token = await tokenWith('read write');
    const response = await browser.agent.post('/settings').set('Authorization', `Bearer ${token}`).type('form').send({ locale: 'fr' });
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.match(/^\/login/);
    expect((await testApp.container.users.findByUsername(MEMBER.username))!.locale).to.equal(null);
  });
});
