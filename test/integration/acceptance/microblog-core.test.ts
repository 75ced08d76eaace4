/**
 * The microblog core's acceptance scenario, through the API alone with tokens
 * from the OAuth password grant, as a Mastodon client would do it.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSWORD = 'acceptance password';
type Status = { id: string; content: string; account: { username: string } };

async function passwordGrantToken(testApp: TestApp, username: string): Promise<string> {
  const http = supertest(testApp.callback);
  const app = await http
    .post('/api/v1/apps')
    .send({ client_name: 'Acceptance', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' })
    .expect(200);
  const token = await http
    .post('/oauth/token')
    .type('form')
    .send({
      grant_type: 'password',
      client_id: app.body.client_id,
      client_secret: app.body.client_secret,
      username,
      password: PASSWORD,
      scope: 'read write follow',
    })
    .expect(200);
  return token.body.access_token as string;
}

describe('acceptance: the microblog core through the API', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let alice: ApiClient;
  let bob: ApiClient;
  let carol: ApiClient;
  const ids = (statuses: Status[]) => statuses.map((status) => status.id);

  before(async () => {
    testApp = await startTestApp();
    await testApp.container.localUsers.create({ username: 'admin', password: PASSWORD, isAdmin: true });
    for (const username of ['alice', 'bob', 'carol']) await testApp.container.localUsers.create({ username, password: PASSWORD });
    alice = ApiClient.withToken(testApp, await passwordGrantToken(testApp, 'alice'));
    bob = ApiClient.withToken(testApp, await passwordGrantToken(testApp, 'bob'));
    carol = ApiClient.withToken(testApp, await passwordGrantToken(testApp, 'carol'));
  });
  after(() => testApp.close());

  it('walks the whole scenario', async () => {
    const aliceAccount = (await alice.get('/api/v1/accounts/verify_credentials').expect(200)).body;
    const bobAccount = (await bob.get('/api/v1/accounts/verify_credentials').expect(200)).body;
    await bob.post(`/api/v1/accounts/${aliceAccount.id}/follow`).expect(200);

    // Alice posts "hello @bob #launch".
    const hello: Status = (await alice.post('/api/v1/statuses', { status: 'hello @bob #launch' }).expect(200)).body;
    expect(hello.content).to.include('/tags/launch').and.include('/@bob');

    // Bob sees it in home and mentions, and has a notification.
    expect(ids((await bob.get('/api/v1/timelines/home').expect(200)).body)).to.include(hello.id);
    expect(ids((await bob.get('/api/v1/timelines/mentions').expect(200)).body)).to.include(hello.id);
    const notifications = (await bob.get('/api/v1/notifications').expect(200)).body as Array<{ type: string; status?: Status }>;
    expect(notifications.some((n) => n.type === 'mention' && n.status?.id === hello.id)).to.equal(true);

    // Carol (not following) sees it only on the company timeline and the #launch timeline.
    expect(ids((await carol.get('/api/v1/timelines/home').expect(200)).body)).not.to.include(hello.id);
    expect(ids((await carol.get('/api/v1/timelines/public').expect(200)).body)).to.include(hello.id);
    expect(ids((await carol.get('/api/v1/timelines/tag/launch').expect(200)).body)).to.include(hello.id);

    // Bob replies and the context shows both.
    const reply: Status = (await bob.post('/api/v1/statuses', { status: '@alice congrats!', in_reply_to_id: hello.id }).expect(200)).body;
    const context = (await alice.get(`/api/v1/statuses/${hello.id}/context`).expect(200)).body;
    expect(ids(context.descendants)).to.deep.equal([reply.id]);
    const replyContext = (await carol.get(`/api/v1/statuses/${reply.id}/context`).expect(200)).body;
    expect(ids(replyContext.ancestors)).to.deep.equal([hello.id]);

    // A post to a private group is a 404 for a non-member by id, in every timeline and in the thread of a public reply.
    const group = (await alice.post('/api/v1/groups', { name: 'Launch crew', visibility: 'private' }).expect(200)).body;
    await alice.post(`/api/v1/groups/${group.id}/members`, { account_id: bobAccount.id }).expect(200);
    await bob.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
    const secret: Status = (await alice.post('/api/v1/statuses', { status: 'secret plan #launch', group_id: group.id }).expect(200)).body;
    await bob.get(`/api/v1/statuses/${secret.id}`).expect(200);
    await carol.get(`/api/v1/statuses/${secret.id}`).expect(404);
    const publicReply: Status = (await bob.post('/api/v1/statuses', { status: 'I can talk about it', in_reply_to_id: secret.id, visibility: 'public' }).expect(200)).body;
    for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public', '/api/v1/timelines/tag/launch', `/api/v1/accounts/${aliceAccount.id}/statuses`]) {
      expect(ids((await carol.get(path).expect(200)).body), path).not.to.include(secret.id);
    }
    await carol.get(`/api/v1/timelines/group/${group.id}`).expect(404);
    const carolSeesPublicReply = await carol.get(`/api/v1/statuses/${publicReply.id}/context`);
    if (carolSeesPublicReply.status === 200) expect(ids(carolSeesPublicReply.body.ancestors)).not.to.include(secret.id);
    else expect(carolSeesPublicReply.status).to.equal(404);

    // A direct message is visible only to its participants.
    const dm: Status = (await alice.post('/api/v1/statuses', { status: '@bob lunch?', visibility: 'direct' }).expect(200)).body;
    await bob.get(`/api/v1/statuses/${dm.id}`).expect(200);
    await carol.get(`/api/v1/statuses/${dm.id}`).expect(404);
    const conversations = (await bob.get('/api/v1/conversations').expect(200)).body as Array<{ last_status: Status }>;
    expect(conversations.map((c) => c.last_status?.id)).to.include(dm.id);
    expect((await carol.get('/api/v1/conversations').expect(200)).body).to.deep.equal([]);

    // Deleting a post removes it everywhere.
    await alice.delete(`/api/v1/statuses/${hello.id}`).expect(200);
    await bob.get(`/api/v1/statuses/${hello.id}`).expect(404);
    for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public', '/api/v1/timelines/tag/launch', '/api/v1/timelines/mentions']) {
      expect(ids((await bob.get(path).expect(200)).body), path).not.to.include(hello.id);
    }
    const after = (await bob.get('/api/v1/notifications').expect(200)).body as Array<{ status?: Status }>;
    expect(after.map((n) => n.status?.id)).not.to.include(hello.id);
  });
});
