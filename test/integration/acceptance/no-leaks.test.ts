/**
 * Every route that could show a post answers 404 — never 403, which would
 * confirm it exists — to a person who may not see it, and no list contains
 * it: for a private group's post, a direct message, and a deleted post.
 */
import { expect } from 'chai';
import sharp from 'sharp';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSWORD = 'no leaks password';

describe('nothing leaks: hidden posts are 404 everywhere', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let owner: ApiClient;
  let member: ApiClient;
  let outsider: ApiClient;
  const hidden: Record<string, string> = {};
  let groupId = '';
  let mediaId = '';

  before(async () => {
    testApp = await startTestApp();
    const create = (username: string, isAdmin = false) =>
      testApp.container.localUsers.create({ username, password: PASSWORD, isAdmin });
    await create('owner');
    const memberUser = await create('member');
    // A site administrator is an outsider too: private groups and DMs are private from operators.
    await create('outsider', true);
    owner = await ApiClient.signIn(testApp, 'owner', PASSWORD);
    member = await ApiClient.signIn(testApp, 'member', PASSWORD);
    outsider = await ApiClient.signIn(testApp, 'outsider', PASSWORD);
    const ownerAccount = (await owner.get('/api/v1/accounts/verify_credentials').expect(200)).body;
    await outsider.post(`/api/v1/accounts/${ownerAccount.id}/follow`).expect(200);
    await outsider.post('/api/v1/tags/secret/follow').expect(200);

    const group = (await owner.post('/api/v1/groups', { name: 'Skunkworks', visibility: 'private' }).expect(200)).body;
    groupId = group.id;
    await owner.post(`/api/v1/groups/${groupId}/members`, { account_id: memberUser.id }).expect(200);
    await member.post(`/api/v1/groups/${groupId}/invitation/accept`).expect(200);

    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    mediaId = (await owner.upload('/api/v2/media').attach('file', png, 'pixel.png').expect(200)).body.id;

    hidden.group = (await owner.post('/api/v1/statuses', { status: 'secret #secret @outsider', group_id: groupId, media_ids: [mediaId] }).expect(200)).body.id;
    hidden.direct = (await owner.post('/api/v1/statuses', { status: '@member just us #secret', visibility: 'direct' }).expect(200)).body.id;
    hidden.deleted = (await owner.post('/api/v1/statuses', { status: 'soon gone #secret @outsider' }).expect(200)).body.id;
    await outsider.post(`/api/v1/statuses/${hidden.deleted}/favourite`).expect(200);
    await outsider.post(`/api/v1/statuses/${hidden.deleted}/bookmark`).expect(200);
    await owner.delete(`/api/v1/statuses/${hidden.deleted}`).expect(200);
    // Members can act on the group post; that must not reveal it to anyone else.
    await member.post(`/api/v1/statuses/${hidden.group}/favourite`).expect(200);
  });
  after(() => testApp.close());

  for (const kind of ['group', 'direct', 'deleted'] as const) {
    it(`a ${kind} post is 404 by id on every status route`, async () => {
      const id = hidden[kind]!;
      const gets = ['', '/context', '/favourited_by', '/reblogged_by', '/history', '/source'];
      for (const suffix of gets) {
        const response = await outsider.get(`/api/v1/statuses/${id}${suffix}`);
        expect(response.status, `GET ${suffix || '/'}`).to.equal(404);
      }
      const actions = ['favourite', 'unfavourite', 'reblog', 'unreblog', 'bookmark', 'unbookmark'];
      for (const action of actions) {
        const response = await outsider.post(`/api/v1/statuses/${id}/${action}`);
        expect(response.status, `POST ${action}`).to.equal(404);
      }
      expect((await outsider.post('/api/v1/statuses', { status: 'reply', in_reply_to_id: id })).status, 'reply').to.equal(404);
      expect((await outsider.put(`/api/v1/statuses/${id}`, { status: 'edit' })).status, 'edit').to.equal(404);
      expect((await outsider.delete(`/api/v1/statuses/${id}`)).status, 'delete').to.equal(404);
    });
  }

  it('no timeline, notification or conversation list of an outsider contains them', async () => {
    const ownerAccount = (await owner.get('/api/v1/accounts/verify_credentials').expect(200)).body;
    const lists = [
      '/api/v1/timelines/home',
      '/api/v1/timelines/public',
      '/api/v1/timelines/tag/secret',
      '/api/v1/timelines/mentions',
      `/api/v1/accounts/${ownerAccount.id}/statuses`,
      '/api/v1/bookmarks',
      '/api/v1/favourites',
      '/api/v1/trends/statuses',
      '/api/v1/trends/statuses?window=7d',
    ];
    const secretIds = Object.values(hidden);
    for (const path of lists) {
      const body = (await outsider.get(path).expect(200)).body as Array<{ id: string }>;
      for (const id of secretIds) expect(body.map((status) => status.id), `${path} shows ${id}`).not.to.include(id);
    }
    const notifications = (await outsider.get('/api/v1/notifications').expect(200)).body as Array<{ status?: { id: string } | null }>;
    for (const id of secretIds) expect(notifications.map((n) => n.status?.id)).not.to.include(id);
    const conversations = (await outsider.get('/api/v1/conversations').expect(200)).body as unknown[];
    expect(conversations).to.deep.equal([]);
    for (const window of ['24h', '7d']) {
      const tags = (await outsider.get(`/api/v1/trends/tags?window=${window}`).expect(200)).body as Array<{ name: string }>;
      expect(tags.map((tag) => tag.name), `trending tags (${window})`).not.to.include('secret');
    }
  });

  it('the private group itself, its members and its timeline are 404 to an outsider', async () => {
    for (const path of [
      `/api/v1/groups/${groupId}`,
      `/api/v1/groups/${groupId}/members`,
      `/api/v1/timelines/group/${groupId}`,
      `/api/v1/trends/tags?group_id=${groupId}`,
      `/api/v1/trends/statuses?group_id=${groupId}`,
    ]) {
      expect((await outsider.get(path)).status, path).to.equal(404);
    }
    const groups = (await outsider.get('/api/v1/groups').expect(200)).body as Array<{ id: string }>;
    expect(groups.map((group) => group.id)).not.to.include(groupId);
  });

  it('an attachment of a hidden post is 404 to an outsider and served to a member', async () => {
    expect((await outsider.get(`/media/${mediaId}`)).status).to.equal(404);
    expect((await outsider.get(`/media/${mediaId}/preview`)).status).to.equal(404);
    expect((await member.get(`/media/${mediaId}`)).status).to.equal(200);
  });

  it('the people allowed to see them still can (so the 404s above are not a broken route)', async () => {
    await member.get(`/api/v1/statuses/${hidden.group}`).expect(200);
    await member.get(`/api/v1/statuses/${hidden.direct}`).expect(200);
    await member.get(`/api/v1/statuses/${hidden.group}/context`).expect(200);
    await owner.get(`/api/v1/statuses/${hidden.deleted}`).expect(404);
  });
});
