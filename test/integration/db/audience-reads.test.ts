/**
 * The reads live delivery does once per event (AudienceRepository) moved
 * from Sequelize models to raw SELECTs on the hot-read connections: they must
 * answer exactly who follows, who follows a tag, who is an active member and
 * which conversation rows a message ended, on SQLite and PostgreSQL. On
 * SQLite the follower reads must be answered from an index alone (migration
 * 0017): that is what took posting for a widely followed author from 76 ms of
 * SQLite time per post to a range scan.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createGroup, follow, followTag, insertPost } from '../../helpers/post-fixtures.js';

describe('audience reads for live delivery', () => {
  let testApp: TestApp;
  const ids: Record<string, string> = {};

  before(async () => {
    testApp = await startTestApp();
    const { localUsers, models } = testApp.container;
    for (const name of ['author', 'fan_one', 'fan_two', 'stranger']) {
      ids[name] = (await localUsers.create({ username: `aud_${name}`, password: 'audience password words' })).id;
    }
    await follow(models, ids.fan_one!, ids.author!);
    await follow(models, ids.fan_two!, ids.author!);
    await follow(models, ids.author!, ids.fan_one!);
    await followTag(models, ids.fan_one!, 'release');
    await followTag(models, ids.stranger!, 'incident');
  });
  after(() => testApp.close());

  it('lists exactly the followers of an author', async () => {
    const { audience } = testApp.container;
    expect(await audience.followersOf(ids.author!)).to.have.members([ids.fan_one, ids.fan_two]);
    expect(await audience.followersOf(ids.stranger!)).to.deep.equal([]);
  });

  it('lists the followers of any of the given hashtags', async () => {
    const { audience } = testApp.container;
    expect(await audience.hashtagFollowers(['release', 'incident', 'none'])).to.have.members([ids.fan_one, ids.stranger]);
    expect(await audience.hashtagFollowers([])).to.deep.equal([]);
  });

  it('lists only active members of a group, not requests or invitations', async () => {
    const { audience, models } = testApp.container;
    const groupId = await createGroup(models, {
      name: 'Audience',
      visibility: 'private',
      members: [
        { userId: ids.author!, role: 'owner' },
        { userId: ids.fan_one!, state: 'requested' },
        { userId: ids.fan_two!, state: 'invited' },
        { userId: ids.stranger! },
      ],
    });
    expect(await audience.activeMembers(groupId)).to.have.members([ids.author, ids.stranger]);
  });

  it('finds the thread root of a reply and of a root post', async () => {
    const { audience, models } = testApp.container;
    const root = await insertPost(models, { authorId: ids.author! });
    const reply = await insertPost(models, { authorId: ids.fan_one!, inReplyToId: root });
    await models.Post.update({ threadRootId: root }, { where: { id: reply } });
    expect(await audience.threadRootOf(reply)).to.equal(root);
    expect(await audience.threadRootOf(root)).to.equal(root);
    expect(await audience.threadRootOf('01ZZZZZZZZZZZZZZZZZZZZZZZZ')).to.equal(null);
  });

  it('finds the conversation rows a direct message ended, with their unread flags', async () => {
    const { audience, models } = testApp.container;
    const message = await insertPost(models, { authorId: ids.author!, visibility: 'direct', mentionIds: [ids.fan_two!] });
    const conversation = await models.Conversation.create({
      id: '01JCONVERSATIONAUDIENCE000',
      participantsKey: [ids.author, ids.fan_two].sort().join(':'),
      lastPostId: message,
    });
    await models.ConversationParticipant.create({ conversationId: conversation.id, userId: ids.author!, unread: false });
    await models.ConversationParticipant.create({ conversationId: conversation.id, userId: ids.fan_two!, unread: true });
    const rows = await audience.conversationsEndingWith(message);
    expect(rows).to.have.deep.members([
      { id: conversation.id, userId: ids.author, participantIds: [ids.author, ids.fan_two].sort(), unread: false },
      { id: conversation.id, userId: ids.fan_two, participantIds: [ids.author, ids.fan_two].sort(), unread: true },
    ]);
    expect(await audience.conversationsEndingWith('01ZZZZZZZZZZZZZZZZZZZZZZZZ')).to.deep.equal([]);
  });

  it('answers the follower reads from a covering index on SQLite', async function () {
    const { sequelize } = testApp.container;
    if (sequelize.getDialect() !== 'sqlite') this.skip();
    const plan = async (sql: string) =>
      (await sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, { type: QueryTypes.SELECT })).map((row) => row.detail).join(' | ');
    expect(await plan(`SELECT follower_id FROM follows WHERE followee_id = 'x'`)).to.match(/USING COVERING INDEX/);
    expect(await plan(`SELECT user_id FROM hashtag_follows WHERE tag IN ('a', 'b')`)).to.match(/USING COVERING INDEX/);
    // The followers list pages by id: still one index, still no sort step.
    expect(await plan(`SELECT follower_id FROM follows WHERE followee_id = 'x' ORDER BY id DESC LIMIT 40`)).to.not.match(/TEMP B-TREE/);
  });
});
