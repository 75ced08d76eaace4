/**
 * Timelines read through kept prepared statements and the hot-read
 * connections (server/db/read-queries.ts, viewer-read-repository.ts). These
 * changes are made straight in the database, as another node would make
 * them, so no event reaches this node: each must still show on the very next
 * request.
 */
import { expect } from 'chai';
import type { UserModel } from '../../../server/db/models/user.js';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup, follow, insertPost } from '../../helpers/post-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSWORD = 'freshness test password';

const ids = (body: Array<{ id: string }>) => body.map((status) => status.id);

describe('timelines show every change on the next request, with no event needed', () => {
  let testApp: TestApp;
  let author: UserModel;
  let reader: UserModel;
  const as = (username: string) => ApiClient.signIn(testApp, username, PASSWORD);

  before(async () => {
    testApp = await startTestApp();
    const { localUsers, models } = testApp.container;
    await localUsers.create({ username: 'root', password: PASSWORD, isAdmin: true });
    author = await localUsers.create({ username: 'fresh_author', password: PASSWORD });
    reader = await localUsers.create({ username: 'fresh_reader', password: PASSWORD });
    await follow(models, reader.id, author.id);
  });
  after(() => testApp.close());

  it('an edited post shows its new text, and a deleted or hidden post is gone at once', async () => {
    const { models } = testApp.container;
    const client = await as('fresh_reader');
    const edited = await insertPost(models, { authorId: author.id, text: 'first words' });
    const deleted = await insertPost(models, { authorId: author.id, text: 'soon deleted' });
    const hidden = await insertPost(models, { authorId: author.id, text: 'soon hidden' });
    for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public']) {
      expect(ids((await client.get(path).expect(200)).body)).to.include.members([edited, deleted, hidden]);
    }
    await models.Post.update({ text: 'second words', editedAt: new Date() }, { where: { id: edited } });
    await models.Post.update({ deletedAt: new Date() }, { where: { id: deleted } });
    await models.Post.update({ hiddenAt: new Date() }, { where: { id: hidden } });
    for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public']) {
      const body = (await client.get(path).expect(200)).body as Array<{ id: string; content: string }>;
      expect(ids(body)).to.include(edited).and.not.include(deleted).and.not.include(hidden);
      expect(body.find((status) => status.id === edited)?.content).to.contain('second words');
    }
  });

  it("a changed display name shows on the author's posts at once", async () => {
    const { models } = testApp.container;
    const client = await as('fresh_reader');
    const post = await insertPost(models, { authorId: author.id, text: 'who wrote this?' });
    const before = (await client.get('/api/v1/timelines/home').expect(200)).body as Array<{ id: string; account: { display_name: string } }>;
    expect(before.find((status) => status.id === post)?.account.display_name).to.not.equal('Renamed Author');
    await models.User.update({ displayName: 'Renamed Author' }, { where: { id: author.id } });
    const after = (await client.get('/api/v1/timelines/home').expect(200)).body as Array<{ id: string; account: { display_name: string } }>;
    expect(after.find((status) => status.id === post)?.account.display_name).to.equal('Renamed Author');
  });

  it('a person removed from a private group stops seeing its posts on the next request', async () => {
    const { models } = testApp.container;
    const group = await createGroup(models, {
      name: 'Fresh Secrets',
      visibility: 'private',
      members: [{ userId: author.id, role: 'owner' }, { userId: reader.id }],
    });
    const secret = await insertPost(models, { authorId: author.id, text: 'members only', groupId: group });
    const client = await as('fresh_reader');
    expect(ids((await client.get('/api/v1/timelines/home').expect(200)).body)).to.include(secret);
    await models.GroupMembership.destroy({ where: { groupId: group, userId: reader.id } });
    expect(ids((await client.get('/api/v1/timelines/home').expect(200)).body)).to.not.include(secret);
    await client.get(`/api/v1/timelines/group/${group}`).expect(404);
  });

  it('an ended session and a suspended person are refused on the next request', async () => {
    const { localUsers, models, sessionStore } = testApp.container;
    await localUsers.create({ username: 'fresh_leaver', password: PASSWORD });
    const leaver = await as('fresh_leaver');
    await leaver.get('/api/v1/timelines/home').expect(200);
    await sessionStore.destroyAllForUser((await models.User.findOne({ where: { username: 'fresh_leaver' } }))!.id);
    await leaver.get('/api/v1/timelines/home').expect(401);

    const suspended = await localUsers.create({ username: 'fresh_suspended', password: PASSWORD });
    const client = await as('fresh_suspended');
    await client.get('/api/v1/timelines/home').expect(200);
    await models.User.update({ suspendedAt: new Date() }, { where: { id: suspended.id } });
    await client.get('/api/v1/timelines/home').expect(401);
  });
});
