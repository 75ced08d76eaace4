import { expect } from 'chai';
import { createGroup, post, startPostsWorld, statusAs, type PostsWorld, type StatusJson } from './posts-world.js';

describe('editing and deleting posts', () => {
  let world: PostsWorld;
  before(async () => {
    world = await startPostsWorld();
  });
  after(() => world.close());

  it('an edit changes the text, marks edited_at and keeps every earlier version in the history', async () => {
    const original = await post(world.bob, { status: 'first #draft' });
    const first = await world.bob.put(`/api/v1/statuses/${original.id}`, { status: 'second #final' });
    expect(first.status).to.equal(200);
    expect(first.body.content).to.include('second');
    expect(first.body.edited_at).to.match(/\.\d{3}Z$/);
    expect(first.body.tags.map((t: { name: string }) => t.name)).to.deep.equal(['final']);
    await world.bob.put(`/api/v1/statuses/${original.id}`, { status: 'third' }).expect(200);

    const history = await world.carol.get(`/api/v1/statuses/${original.id}/history`).expect(200);
    expect(history.body.map((v: { content: string }) => v.content.replace(/<[^>]+>/g, ''))).to.deep.equal(['first #draft', 'second #final', 'third']);
    expect(history.body[0].created_at).to.equal(original.created_at);
    const source = await world.bob.get(`/api/v1/statuses/${original.id}/source`).expect(200);
    expect(source.body).to.deep.equal({ id: original.id, text: 'third', spoiler_text: '' });
  });

  it('an unedited post has a one-version history', async () => {
    const status = await post(world.bob, { status: 'as is' });
    const history = await world.bob.get(`/api/v1/statuses/${status.id}/history`).expect(200);
    expect(history.body).to.have.length(1);
  });

  it('an edit that mentions someone new notifies them once', async () => {
    const status = await post(world.bob, { status: 'hello team' });
    await world.bob.put(`/api/v1/statuses/${status.id}`, { status: 'hello team and @dave' }).expect(200);
    await world.bob.put(`/api/v1/statuses/${status.id}`, { status: 'hello team and @dave!' }).expect(200);
    const told = await world.testApp.container.models.Notification.count({ where: { recipientId: world.ids.dave, postId: status.id, type: 'mention' } });
    expect(told).to.equal(1);
  });

  it('only the author edits: 403 for a colleague who can see it, 404 for one who cannot, and edits obey the length rules', async () => {
    const status = await post(world.bob, { status: 'mine' });
    expect((await world.carol.put(`/api/v1/statuses/${status.id}`, { status: 'hijack' })).status).to.equal(403);
    const empty = await world.bob.put(`/api/v1/statuses/${status.id}`, { status: '' });
    expect(empty.status).to.equal(422);
    expect(empty.body.field).to.equal('status');
    const group = await createGroup(world.testApp, 'private', [world.ids.carol]);
    const hidden = await post(world.carol, { status: 'team only', group_id: group });
    expect((await world.bob.put(`/api/v1/statuses/${hidden.id}`, { status: 'x' })).status).to.equal(404);
    expect((await statusAs(world.bob, status.id)).content).to.include('mine');
  });

  it('a deleted post is a 404 by id, gone from its thread, and the counters go back down', async () => {
    const root = await post(world.carol, { status: 'thread start' });
    const reply = await post(world.bob, { status: 'oops', in_reply_to_id: root.id });
    const { User } = world.testApp.container.models;
    const countBefore = (await User.findByPk(world.ids.bob))!.postsCount;
    expect((await statusAs(world.carol, root.id)).replies_count).to.equal(1);

    const deleted = await world.bob.delete(`/api/v1/statuses/${reply.id}`);
    expect(deleted.status).to.equal(200);
    expect(deleted.body).to.include({ id: reply.id, text: 'oops' });

    expect((await world.bob.get(`/api/v1/statuses/${reply.id}`)).status).to.equal(404);
    expect((await world.carol.get(`/api/v1/statuses/${reply.id}`)).status).to.equal(404);
    const context = await world.carol.get(`/api/v1/statuses/${root.id}/context`).expect(200);
    expect((context.body as { descendants: StatusJson[] }).descendants).to.deep.equal([]);
    expect((await statusAs(world.carol, root.id)).replies_count).to.equal(0);
    expect((await User.findByPk(world.ids.bob))!.postsCount).to.equal(countBefore - 1);
    expect((await world.bob.delete(`/api/v1/statuses/${reply.id}`)).status).to.equal(404);
  });

  it("deleting someone else's post: 403 when you can see it, 404 when you cannot; a site administrator may delete", async () => {
    const status = await post(world.carol, { status: 'not yours' });
    const refused = await world.bob.delete(`/api/v1/statuses/${status.id}`);
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('E_FORBIDDEN');
    const dm = await post(world.carol, { status: '@dave private', visibility: 'direct' });
    expect((await world.bob.delete(`/api/v1/statuses/${dm.id}`)).status).to.equal(404);
    expect((await world.ada.delete(`/api/v1/statuses/${dm.id}`)).status).to.equal(404);
    await world.ada.delete(`/api/v1/statuses/${status.id}`).expect(200);
    expect((await world.carol.get(`/api/v1/statuses/${status.id}`)).status).to.equal(404);
  });

  it('publishes post.deleted after commit with the audience of a direct message', async () => {
    const seen: Array<{ postId: string; audienceUserIds?: string[] }> = [];
    world.testApp.container.core.events.register((name, payload) => {
      if (name === 'post.deleted') seen.push(payload as { postId: string; audienceUserIds?: string[] });
    });
    const dm = await post(world.carol, { status: '@dave delete me', visibility: 'direct' });
    await world.carol.delete(`/api/v1/statuses/${dm.id}`).expect(200);
    const event = seen.find((e) => e.postId === dm.id);
    expect(event?.audienceUserIds?.slice().sort()).to.deep.equal([world.ids.carol, world.ids.dave].sort());
  });
});
