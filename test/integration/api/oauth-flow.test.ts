import { expect } from 'chai';
import supertest from 'supertest';
import { authorizeUrl, codeFrom, decide, passwordToken, pkcePair, REDIRECT_URI, registerApp, type RegisteredApp } from '../../helpers/oauth.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

describe('OAuth 2 for Mastodon clients', () => {
  let testApp: TestApp;
  let app: RegisteredApp;
  let member: WebClient;
  beforeEach(async () => {
    testApp = await startTestApp({ WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT_AND_ADDRESS: '3' });
    await seedPeople(testApp);
    app = await registerApp(testApp);
    member = new WebClient(testApp);
    expect((await member.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
  });
  afterEach(() => testApp.close());

  const api = () => supertest(testApp.callback);
  const exchange = (fields: Record<string, string>) =>
    api().post('/oauth/token').send({ grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT_URI, ...fields });

  it('registers an app the way Mastodon answers POST /api/v1/apps', async () => {
    expect(app).to.include.keys('id', 'client_id', 'client_secret', 'redirect_uri', 'name', 'scopes');
    const bad = await api().post('/api/v1/apps').send({ client_name: 'x', redirect_uris: 'javascript:alert(1)' }).expect(422);
    expect(bad.body).to.include({ field: 'redirect_uris' });
    const badScope = await api().post('/api/v1/apps').send({ client_name: 'x', redirect_uris: REDIRECT_URI, scopes: 'read admin:write' }).expect(422);
    expect(badScope.body.error).to.contain('admin:write');
  });

  it('runs the authorization_code flow with PKCE over real HTTP, consent page included', async () => {
    const { verifier, challenge } = pkcePair();
    const url = authorizeUrl(app, { scope: 'read write', state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256' });
    const consent = await member.get(url).expect(200);
    expect(consent.text).to.contain('Test client').and.contain('write');
    expect(String(consent.headers['content-security-policy'])).to.contain("form-action 'self' https://client.example");

    const approved = await decide(member, url, 'approve');
    expect(approved.status).to.equal(302);
    const location = new URL(approved.headers.location!);
    expect(`${location.origin}${location.pathname}`).to.equal(REDIRECT_URI);
    expect(location.searchParams.get('state')).to.equal('xyz');

    const token = await exchange({ code: codeFrom(approved.headers.location), code_verifier: verifier }).expect(200);
    expect(token.body).to.include({ token_type: 'Bearer', scope: 'read write' });
    expect(token.body.created_at).to.be.a('number').within(Date.now() / 1000 - 60, Date.now() / 1000 + 1);
    expect(token.headers['cache-control']).to.equal('no-store');

    const me = await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token.body.access_token}`).expect(200);
    expect(me.body).to.include({ username: MEMBER.username, display_name: MEMBER.displayName });
  });

  it('accepts /oauth/authorize/ with a trailing slash and sends the signed-out to sign in first', async () => {
    const url = authorizeUrl(app, {}, '/oauth/authorize/');
    await member.get(url).expect(200);
    const stranger = await new WebClient(testApp).get(url).expect(302);
    expect(stranger.headers.location).to.equal(`/login?returnTo=${encodeURIComponent(url)}`);
  });

  it('takes /oauth/token as JSON and as a form, with client credentials in the body or as HTTP Basic', async () => {
    const asJson = await decide(member, authorizeUrl(app), 'approve');
    await exchange({ code: codeFrom(asJson.headers.location) }).type('json').expect(200);
    const asForm = await decide(member, authorizeUrl(app), 'approve');
    await api()
      .post('/oauth/token')
      .type('form')
      .auth(app.client_id, app.client_secret)
      .send({ grant_type: 'authorization_code', code: codeFrom(asForm.headers.location), redirect_uri: REDIRECT_URI })
      .expect(200);
  });

  it('refuses a reused code and withdraws the token the first exchange issued', async () => {
    const approved = await decide(member, authorizeUrl(app), 'approve');
    const code = codeFrom(approved.headers.location);
    const first = await exchange({ code }).expect(200);
    const again = await exchange({ code }).expect(400);
    expect(again.body).to.deep.equal({ error: 'invalid_grant', error_description: 'The authorization code was already used' });
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${first.body.access_token}`).expect(401);
  });

  it('refuses a PKCE verifier that does not match the challenge, and a missing one', async () => {
    const { challenge } = pkcePair();
    const url = authorizeUrl(app, { code_challenge: challenge, code_challenge_method: 'S256' });
    const mismatch = await exchange({ code: codeFrom((await decide(member, url, 'approve')).headers.location), code_verifier: pkcePair().verifier }).expect(400);
    expect(mismatch.body.error).to.equal('invalid_grant');
    await exchange({ code: codeFrom((await decide(member, url, 'approve')).headers.location) }).expect(400);
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const approved = await decide(member, authorizeUrl(app), 'approve');
    const response = await exchange({ code: codeFrom(approved.headers.location), client_secret: 'not-the-secret' }).expect(401);
    expect(response.body.error).to.equal('invalid_client');
  });

  it('sends a refusal back to the client as access_denied', async () => {
    const denied = await decide(member, authorizeUrl(app, { state: 's1' }), 'deny');
    const location = new URL(denied.headers.location!);
    expect(location.searchParams.get('error')).to.equal('access_denied');
    expect(location.searchParams.get('state')).to.equal('s1');
  });

  it('shows the code on a page for the out-of-band redirect URI', async () => {
    const oobApp = await registerApp(testApp, 'read', 'urn:ietf:wg:oauth:2.0:oob');
    const url = authorizeUrl(oobApp, { redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' });
    const page = await decide(member, url, 'approve');
    expect(page.status).to.equal(200);
    const code = /id="authorization-code"[^>]*>([^<]+)</.exec(page.text)?.[1];
    await api()
      .post('/oauth/token')
      .send({ grant_type: 'authorization_code', code, client_id: oobApp.client_id, client_secret: oobApp.client_secret, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' })
      .expect(200);
  });

  it('never redirects to an unregistered redirect_uri, and bounces scopes beyond the app back as invalid_scope', async () => {
    const evil = await member.get(authorizeUrl(app, { redirect_uri: 'https://evil.example/steal' })).expect(400);
    expect(evil.headers.location).to.equal(undefined);
    const readOnly = await registerApp(testApp, 'read');
    const tooMuch = await member.get(authorizeUrl(readOnly, { scope: 'read write' })).expect(302);
    expect(new URL(tooMuch.headers.location!).searchParams.get('error')).to.equal('invalid_scope');
  });

  it('issues tokens for the password grant through sign-in, refusing a wrong password and applying rate limits', async () => {
    const token = await passwordToken(testApp, app, MEMBER.username, MEMBER.password);
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(200);
    const grant = (password: string) =>
      api().post('/oauth/token').send({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: MEMBER.username, password });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await grant('wrong password').expect(400);
      expect(wrong.body.error).to.equal('invalid_grant');
    }
    const blocked = await grant(MEMBER.password).expect(429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
  });

  it('gives client_credentials an app token that reads the instance but is no person', async () => {
    const response = await api()
      .post('/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read' })
      .expect(200);
    const bearer = `Bearer ${response.body.access_token}`;
    await api().get('/api/v1/instance').set('Authorization', bearer).expect(200);
    await api().get('/api/v1/apps/verify_credentials').set('Authorization', bearer).expect(200);
    await api().get('/api/v1/accounts/verify_credentials').set('Authorization', bearer).expect(401);
  });

  it('revokes a token through POST /oauth/revoke, only for the app that holds it', async () => {
    const token = await passwordToken(testApp, app, MEMBER.username, MEMBER.password);
    const other = await registerApp(testApp);
    await api().post('/oauth/revoke').send({ client_id: other.client_id, client_secret: other.client_secret, token }).expect(403);
    await api().post('/oauth/revoke').send({ client_id: app.client_id, client_secret: app.client_secret, token }).expect(200, {});
    const response = await api().get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body.error).to.equal('The access token is invalid');
  });

  it('answers an unknown grant type as RFC 6749 says', async () => {
    const response = await api().post('/oauth/token').send({ grant_type: 'refresh_token', client_id: app.client_id }).expect(400);
    expect(response.body).to.include({ error: 'unsupported_grant_type' });
  });
});
