/**
 * Replying as an official account: the account's access decides where it may
 * post, but the publisher must see the post they answer themselves. A reply
 * takes its group or direct-message participants from its parent, so without
 * this check a publisher could write into (and probe for) threads they cannot
 * read through the account's memberships.
 */
import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

const CAROL = { username: 'carol', displayName: 'Carol Chemist', password: 'carols secret words' };
const OFFICIAL = { id: '', username: 'hr' };

describe('official accounts: replies', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let bob: ApiClient;
  let carol: ApiClient;
  let groupId: string;
  let groupPostId: string;

  const idOf = async (username: string) => (await testApp.container.users.findByUsername(username))!.id;
  const adminActor = async () => ({ id: await idOf('ada'), username: 'ada', isAdmin: true });
  const postsBy = (authorId: string) => testApp.container.models.Post.count({ where: { authorId } });
  const replyAsOfficial = (inReplyToId: string, status: string) =>
    bob.post('/api/v1/statuses', { status, in_reply_to_id: inReplyToId, as_account_id: OFFICIAL.id });

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    await testApp.container.localUsers.create(CAROL);
    const { officialAccounts, models } = testApp.container;
    const admin = await adminActor();
    OFFICIAL.id = (await officialAccounts.create(admin, { username: OFFICIAL.username, displayName: 'HR' })).id;
    await officialAccounts.addPublisher(admin, OFFICIAL.id, MEMBER.username);
    bob = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
    carol = await ApiClient.signIn(testApp, CAROL.username, CAROL.password);
    // A private group the official account belongs to, and Bob (its publisher) does not.
    groupId = await createGroup(models, {
      name: 'Compensation',
      visibility: 'private',
      members: [{ userId: await idOf(CAROL.username), role: 'owner' }, { userId: OFFICIAL.id }],
    });
    groupPostId = (await carol.post('/api/v1/statuses', { status: 'Salary bands for next year', group_id: groupId }).expect(200)).body.id;
  });
  after(() => testApp?.close());

  it('refuses a reply into a private group thread the publisher cannot read, exactly like an unknown post', async () => {
    const refused = await replyAsOfficial(groupPostId, 'Answering as HR').expect(404);
    expect(await postsBy(OFFICIAL.id), 'nothing written into the group').to.equal(0);
    const unknown = await replyAsOfficial('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'Answering as HR').expect(404);
    expect(refused.body).to.deep.equal(unknown.body);
    // Naming the group explicitly is refused the same way.
    await bob.post('/api/v1/statuses', { status: 'Into the group', group_id: groupId, visibility: 'private', as_account_id: OFFICIAL.id }).expect(404);
    expect(await postsBy(OFFICIAL.id)).to.equal(0);
  });

  it('refuses joining a direct-message thread addressed to the official account', async () => {
    const dm = await carol.post('/api/v1/statuses', { status: '@hr a private question about my contract', visibility: 'direct' }).expect(200);
    await replyAsOfficial(dm.body.id, 'HR here, reading your question').expect(404);
    expect(await postsBy(OFFICIAL.id)).to.equal(0);
  });

  it('allows replies where the publisher can see the parent: a public post, a direct message to them, a group they read', async () => {
    const question = await carol.post('/api/v1/statuses', { status: 'Where do I find the holiday calendar?' }).expect(200);
    const answer = await replyAsOfficial(question.body.id, 'On the intranet, under People').expect(200);
    expect(answer.body.account.id).to.equal(OFFICIAL.id);
    expect(answer.body.in_reply_to_id).to.equal(question.body.id);

    const dm = await carol.post('/api/v1/statuses', { status: '@hr @bob a question for both of you', visibility: 'direct' }).expect(200);
    const dmReply = await replyAsOfficial(dm.body.id, 'HR answering in the thread').expect(200);
    expect(dmReply.body.visibility).to.equal('direct');

    // Once Bob is a member of the group, he may answer its thread as the account.
    await testApp.container.models.GroupMembership.create({ groupId, userId: await idOf(MEMBER.username), role: 'member', state: 'active' });
    const groupReply = await replyAsOfficial(groupPostId, 'HR will publish the bands on Monday').expect(200);
    const stored = await testApp.container.models.Post.findByPk(groupReply.body.id);
    expect(stored?.groupId).to.equal(groupId);
    expect(stored?.publishedById).to.equal(await idOf(MEMBER.username));
  });
});
