import { expect } from 'chai';
import { createGroup, post, startPostsWorld, statusAs, type PostsWorld } from './posts-world.js';

describe('likes, reposts and bookmarks', () => {
  let world: PostsWorld;
  before(async () => {
    world = await startPostsWorld();
  });
  after(() => world.close());

  it('liking is idempotent, counted, flagged for the viewer, listed, notified once, and undone the same way', async () => {
    const status = await post(world.carol, { status: 'like me' });
    for (let i = 0; i < 2; i++) {
      const liked = await world.bob.post(`/api/v1/statuses/${status.id}/favourite`).expect(200);
      expect(liked.body).to.include({ favourited: true, favourites_count: 1 });
    }
    await world.dave.post(`/api/v1/statuses/${status.id}/favourite`).expect(200);
    expect(await statusAs(world.carol, status.id)).to.include({ favourited: false, favourites_count: 2 });
    const likers = await world.carol.get(`/api/v1/statuses/${status.id}/favourited_by`).expect(200);
    expect(likers.body.map((a: { username: string }) => a.username)).to.deep.equal(['dave', 'bob']);
    const told = await world.testApp.container.models.Notification.count({ where: { recipientId: world.ids.carol, type: 'like', postId: status.id } });
    expect(told).to.equal(2);

    for (let i = 0; i < 2; i++) {
      const unliked = await world.bob.post(`/api/v1/statuses/${status.id}/unfavourite`).expect(200);
      expect(unliked.body).to.include({ favourited: false, favourites_count: 1 });
    }
  });

  it('reposting is once per person: the repost wraps the original, counts, and can be withdrawn', async () => {
    const status = await post(world.carol, { status: 'spread the word' });
    const first = await world.bob.post(`/api/v1/statuses/${status.id}/reblog`).expect(200);
    const again = await world.bob.post(`/api/v1/statuses/${status.id}/reblog`).expect(200);
    expect(again.body.id).to.equal(first.body.id);
    expect(first.body.reblog.id).to.equal(status.id);
    expect(await statusAs(world.bob, status.id)).to.include({ reblogged: true, reblogs_count: 1 });
    const reposters = await world.dave.get(`/api/v1/statuses/${status.id}/reblogged_by`).expect(200);
    expect(reposters.body.map((a: { username: string }) => a.username)).to.deep.equal(['bob']);
    expect((await statusAs(world.dave, first.body.id)).reblog?.id).to.equal(status.id);

    const undone = await world.bob.post(`/api/v1/statuses/${status.id}/unreblog`).expect(200);
    expect(undone.body).to.include({ id: status.id, reblogged: false, reblogs_count: 0 });
    expect((await world.bob.get(`/api/v1/statuses/${first.body.id}`)).status).to.equal(404);
    await world.bob.post(`/api/v1/statuses/${status.id}/unreblog`).expect(200);
  });

  it('cannot repost a direct message or a private-group post (403), nor anything one cannot see (404)', async () => {
    const dm = await post(world.carol, { status: '@bob psst', visibility: 'direct' });
    expect((await world.bob.post(`/api/v1/statuses/${dm.id}/reblog`)).status).to.equal(403);
    expect((await world.dave.post(`/api/v1/statuses/${dm.id}/reblog`)).status).to.equal(404);
    const group = await createGroup(world.testApp, 'private', [world.ids.carol, world.ids.bob]);
    const inGroup = await post(world.carol, { status: 'team secret', group_id: group });
    expect((await world.bob.post(`/api/v1/statuses/${inGroup.id}/reblog`)).status).to.equal(403);
    expect((await world.dave.post(`/api/v1/statuses/${inGroup.id}/favourite`)).status).to.equal(404);
    expect((await world.dave.post(`/api/v1/statuses/${inGroup.id}/bookmark`)).status).to.equal(404);
    expect((await statusAs(world.carol, inGroup.id)).reblogs_count).to.equal(0);
  });

  it('bookmarking is idempotent and private to the person', async () => {
    const status = await post(world.carol, { status: 'keep this' });
    for (let i = 0; i < 2; i++) {
      expect((await world.bob.post(`/api/v1/statuses/${status.id}/bookmark`).expect(200)).body.bookmarked).to.equal(true);
    }
    expect((await statusAs(world.dave, status.id)).bookmarked).to.equal(false);
    expect(await world.testApp.container.models.Bookmark.count({ where: { postId: status.id } })).to.equal(1);
    expect((await world.bob.post(`/api/v1/statuses/${status.id}/unbookmark`).expect(200)).body.bookmarked).to.equal(false);
    expect((await world.bob.post(`/api/v1/statuses/${status.id}/unbookmark`).expect(200)).body.bookmarked).to.equal(false);
  });

  it('acting on a repost acts on the original', async () => {
    const status = await post(world.carol, { status: 'original' });
    const repost = await world.dave.post(`/api/v1/statuses/${status.id}/reblog`).expect(200);
    const liked = await world.bob.post(`/api/v1/statuses/${repost.body.id}/favourite`).expect(200);
    expect(liked.body).to.include({ id: status.id, favourited: true, favourites_count: 1 });
  });

  it('likes and reposts of a deleted post are refused with 404', async () => {
    const status = await post(world.carol, { status: 'short-lived' });
    await world.carol.delete(`/api/v1/statuses/${status.id}`).expect(200);
    expect((await world.bob.post(`/api/v1/statuses/${status.id}/favourite`)).status).to.equal(404);
    expect((await world.bob.post(`/api/v1/statuses/${status.id}/reblog`)).status).to.equal(404);
    expect((await world.bob.get(`/api/v1/statuses/${status.id}/favourited_by`)).status).to.equal(404);
  });

  it('concurrent likes and reposts by the same person still count once', async () => {
    const status = await post(world.carol, { status: 'race' });
    await Promise.all([1, 2, 3, 4].map(() => world.bob.post(`/api/v1/statuses/${status.id}/favourite`).expect(200)));
    await Promise.all([1, 2, 3, 4].map(() => world.dave.post(`/api/v1/statuses/${status.id}/reblog`).expect(200)));
    expect(await statusAs(world.carol, status.id)).to.include({ favourites_count: 1, reblogs_count: 1 });
  });
});
