import { expect } from 'chai';
import { createGroup, post, startPostsWorld, statusAs, type PostsWorld, type StatusJson } from './posts-world.js';

describe('threads, groups and direct messages', () => {
  let world: PostsWorld;
  let privateGroup: string;
  let publicGroup: string;
  before(async () => {
    world = await startPostsWorld();
    // Carol and Dave are in the private group; Bob is not.
    privateGroup = await createGroup(world.testApp, 'private', [world.ids.carol, world.ids.dave]);
    publicGroup = await createGroup(world.testApp, 'public', [world.ids.dave]);
  });
  after(() => world.close());

  const context = async (client: PostsWorld['bob'], id: string) => {
    const response = await client.get(`/api/v1/statuses/${id}/context`);
    expect(response.status).to.equal(200);
    return response.body as { ancestors: StatusJson[]; descendants: StatusJson[] };
  };

  it('a reply links to its parent, counts on it, notifies its author, and the context shows both in order', async () => {
    const root = await post(world.bob, { status: 'root' });
    const reply = await post(world.carol, { status: 'first answer', in_reply_to_id: root.id });
    const nested = await post(world.dave, { status: 'answer to the answer', in_reply_to_id: reply.id });
    const second = await post(world.dave, { status: 'second answer', in_reply_to_id: root.id });
    expect(reply).to.include({ in_reply_to_id: root.id, in_reply_to_account_id: world.ids.bob });
    expect((await statusAs(world.bob, root.id)).replies_count).to.equal(2);

    const fromRoot = await context(world.bob, root.id);
    expect(fromRoot.ancestors).to.deep.equal([]);
    expect(fromRoot.descendants.map((s) => s.id)).to.deep.equal([reply.id, nested.id, second.id]);
    const fromNested = await context(world.bob, nested.id);
    expect(fromNested.ancestors.map((s) => s.id)).to.deep.equal([root.id, reply.id]);
    expect(fromNested.descendants).to.deep.equal([]);

    const notifications = await world.testApp.container.models.Notification.findAll({ where: { recipientId: world.ids.bob, postId: reply.id } });
    expect(notifications.map((n) => n.type)).to.deep.equal(['reply']);
  });

  it('a private-group post is a 404 for a non-member by id, and absent from the public thread it answers', async () => {
    const root = await post(world.bob, { status: 'public question' });
    const inside = await post(world.carol, { status: 'members-only answer', in_reply_to_id: root.id, group_id: privateGroup });
    const outside = await post(world.dave, { status: 'public answer', in_reply_to_id: root.id });
    expect(inside.visibility).to.equal('private');
    expect(inside.warble.group?.id).to.equal(privateGroup);

    expect((await world.bob.get(`/api/v1/statuses/${inside.id}`)).status).to.equal(404);
    expect((await world.bob.get(`/api/v1/statuses/${inside.id}/context`)).status).to.equal(404);
    expect((await context(world.bob, root.id)).descendants.map((s) => s.id)).to.deep.equal([outside.id]);
    expect((await context(world.dave, root.id)).descendants.map((s) => s.id)).to.deep.equal([inside.id, outside.id]);
    // Bob wrote the root but cannot see the answer, so he is not told about it either.
    const told = await world.testApp.container.models.Notification.count({ where: { recipientId: world.ids.bob, postId: inside.id } });
    expect(told).to.equal(0);
  });

  it('a reply to a group post stays in that group', async () => {
    const inGroup = await post(world.carol, { status: 'team talk', group_id: privateGroup });
    const reply = await post(world.dave, { status: 'team reply', in_reply_to_id: inGroup.id, visibility: 'public' });
    expect(reply.warble.group?.id).to.equal(privateGroup);
    expect((await world.bob.get(`/api/v1/statuses/${reply.id}`)).status).to.equal(404);
  });

  it('refuses to reply to what one cannot see (404 naming in_reply_to_id) and to post into a private group one cannot see (404 naming group_id)', async () => {
    const secret = await post(world.carol, { status: 'secret', group_id: privateGroup });
    const reply = await world.bob.post('/api/v1/statuses', { status: 'peek', in_reply_to_id: secret.id });
    expect(reply.status).to.equal(404);
    expect(reply.body.field).to.equal('in_reply_to_id');
    const into = await world.bob.post('/api/v1/statuses', { status: 'let me in', group_id: privateGroup });
    expect(into.status).to.equal(404);
    expect(into.body.field).to.equal('group_id');
  });

  it('only full members post to a public group (403 naming group_id), though everyone reads it', async () => {
    const refused = await world.bob.post('/api/v1/statuses', { status: 'drive-by', group_id: publicGroup });
    expect(refused.status).to.equal(403);
    expect(refused.body.field).to.equal('group_id');
    const open = await post(world.dave, { status: 'open team news @bob', group_id: publicGroup });
    expect((await statusAs(world.bob, open.id)).warble.group?.id).to.equal(publicGroup);
  });

  it('mentioning a non-member in a private-group post neither shows it to them nor notifies them', async () => {
    const status = await post(world.carol, { status: 'ping @bob', group_id: privateGroup });
    expect((await world.bob.get(`/api/v1/statuses/${status.id}`)).status).to.equal(404);
    const told = await world.testApp.container.models.Notification.count({ where: { recipientId: world.ids.bob, postId: status.id } });
    expect(told).to.equal(0);
  });

  it('a direct message is visible only to its participants and lands in their conversation', async () => {
    const dm = await post(world.carol, { status: '@bob just between us', visibility: 'direct' });
    expect(dm.visibility).to.equal('direct');
    expect((await statusAs(world.bob, dm.id)).id).to.equal(dm.id);
    expect((await world.dave.get(`/api/v1/statuses/${dm.id}`)).status).to.equal(404);
    // Being a site administrator is not being a participant.
    expect((await world.ada.get(`/api/v1/statuses/${dm.id}`)).status).to.equal(404);

    const { Conversation, ConversationParticipant, Post } = world.testApp.container.models;
    const row = (await Post.findByPk(dm.id))!;
    const conversation = (await Conversation.findByPk(row.conversationId!))!;
    expect(conversation.participantsKey).to.equal([world.ids.bob, world.ids.carol].sort().join(':'));
    expect(conversation.lastPostId).to.equal(dm.id);
    const unread = await ConversationParticipant.findAll({ where: { conversationId: conversation.id } });
    expect(Object.fromEntries(unread.map((p) => [p.userId, p.unread]))).to.deep.equal({ [world.ids.bob]: true, [world.ids.carol]: false });
  });

  it('a reply to a direct message stays direct among the same people plus newly mentioned ones, in one conversation per set of people', async () => {
    const dm = await post(world.carol, { status: '@bob lunch?', visibility: 'direct' });
    const answer = await post(world.bob, { status: 'sure', in_reply_to_id: dm.id, visibility: 'public' });
    expect(answer.visibility).to.equal('direct');
    expect((await statusAs(world.carol, answer.id)).id).to.equal(answer.id);
    expect((await world.dave.get(`/api/v1/statuses/${answer.id}`)).status).to.equal(404);
    const { Post } = world.testApp.container.models;
    expect((await Post.findByPk(answer.id))!.conversationId).to.equal((await Post.findByPk(dm.id))!.conversationId);

    const widened = await post(world.bob, { status: 'adding @dave', in_reply_to_id: answer.id });
    expect((await statusAs(world.dave, widened.id)).visibility).to.equal('direct');
    expect((await world.dave.get(`/api/v1/statuses/${dm.id}`)).status).to.equal(404);
    expect((await Post.findByPk(widened.id))!.conversationId).not.to.equal((await Post.findByPk(dm.id))!.conversationId);
  });

  it('refuses a direct message that names nobody', async () => {
    const response = await world.bob.post('/api/v1/statuses', { status: 'to myself', visibility: 'direct' });
    expect(response.status).to.equal(422);
    expect(response.body.field).to.equal('status');
  });
});
