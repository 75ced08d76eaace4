import { expect } from 'chai';
import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import supertest from 'supertest';
import { MEMBER } from '../../helpers/test-app.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

describe('an existing Mastodon client library (masto) against a listening Warble', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.running.container.localUsers.create(MEMBER);
  });
  after(() => server.close());

  it('registers, signs in with the password grant, posts, reads home, the account and the instance, and revokes', async () => {
    const registered = await supertest(server.url)
      .post('/api/v1/apps')
      .send({ client_name: 'masto test', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })
      .expect(200);
    const oauth = createOAuthAPIClient({ url: server.url });
    const token = await oauth.token.create({
      grantType: 'password',
      clientId: registered.body.client_id,
      clientSecret: registered.body.client_secret,
      username: MEMBER.username,
      password: MEMBER.password,
      scope: 'read write',
      // masto's types ask for it on every grant; the password grant does not use it.
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
    });
    expect(token.tokenType).to.equal('Bearer');

    const masto = createRestAPIClient({ url: server.url, accessToken: token.accessToken });
    const me = await masto.v1.accounts.verifyCredentials();
    expect(me.username).to.equal(MEMBER.username);
    expect(new Date(me.createdAt).toISOString()).to.equal(me.createdAt);
    const updated = await masto.v1.accounts.updateCredentials({ displayName: 'Bob via masto' });
    expect(updated.displayName).to.equal('Bob via masto');
    const v1 = await masto.v1.instance.fetch();
    expect(v1.version).to.contain('compatible; Warble');
    const v2 = await masto.v2.instance.fetch();
    expect(v2.configuration.statuses.maxCharacters).to.be.greaterThan(0);

    const posted = await masto.v1.statuses.create({ status: 'Hello from a #mastodon client' });
    expect(posted.content).to.include('/tags/mastodon');
    expect(posted.account.username).to.equal(MEMBER.username);
    const home = await masto.v1.timelines.home.list({ limit: 20 });
    expect(home.map((status) => status.id)).to.include(posted.id);
    const fetched = await masto.v1.statuses.$select(posted.id).fetch();
    expect(fetched.createdAt).to.equal(posted.createdAt);

    await oauth.revoke({ clientId: registered.body.client_id, clientSecret: registered.body.client_secret, token: token.accessToken });
    const error = await masto.v1.accounts.verifyCredentials().then(() => null, (caught: unknown) => caught as { statusCode?: number; message?: string });
    expect(error?.statusCode).to.equal(401);
    expect(error?.message).to.equal('The access token is invalid');
  });
});
