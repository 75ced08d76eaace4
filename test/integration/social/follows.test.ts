import { expect } from 'chai';
import { createQuietPeople, startSocialWorld, walkPages, type SocialWorld } from './social-world.js';

describe('following people', () => {
  let world: SocialWorld;
  before(async () => {
    world = await startSocialWorld();
  });
  after(() => world.testApp.close());

  const counts = async (id: string) => {
    const user = await world.testApp.container.models.User.findByPk(id);
    return { followers: user?.followersCount, following: user?.followingCount };
  };

  it('following someone answers the relationship, keeps both counters and is idempotent', async () => {
    const { bob, carol } = world.users;
    const first = await world.api.bob.post(`/api/v1/accounts/${carol.id}/follow`).expect(200);
    expect(first.body).to.include({ id: carol.id, following: true, followed_by: false, showing_reblogs: true, requested: false, blocking: false, muting: false, domain_blocking: false, endorsed: false, note: '' });
    await world.api.bob.post(`/api/v1/accounts/${carol.id}/follow`).expect(200);
    expect(await counts(carol.id)).to.deep.equal({ followers: 1, following: 0 });
    expect(await counts(bob.id)).to.deep.equal({ followers: 0, following: 1 });
  });

  it('relationships read both ways', async () => {
    const { bob, carol, dave } = world.users;
    const fromCarol = await world.api.carol.get(`/api/v1/accounts/relationships?id[]=${bob.id}&id[]=${dave.id}`).expect(200);
    expect(fromCarol.body).to.have.length(2);
    expect(fromCarol.body[0]).to.include({ id: bob.id, following: false, followed_by: true });
    expect(fromCarol.body[1]).to.include({ id: dave.id, following: false, followed_by: false });
    const fromBob = await world.api.bob.get(`/api/v1/accounts/relationships?id=${carol.id}`).expect(200);
    expect(fromBob.body[0]).to.include({ id: carol.id, following: true, followed_by: false });
  });

  it('the followed person gets one follow notification naming the follower', async () => {
    const response = await world.api.carol.get('/api/v1/notifications?types[]=follow').expect(200);
    expect(response.body).to.have.length(1);
    expect(response.body[0]).to.include({ type: 'follow', warble_type: 'follow', status: null, read: false });
    expect(response.body[0].account).to.include({ id: world.users.bob.id, username: 'bob' });
    expect(response.body[0].created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('followers and following lists show the accounts with their counters', async () => {
    const { bob, carol } = world.users;
    const followers = await world.api.dave.get(`/api/v1/accounts/${carol.id}/followers`).expect(200);
    expect(followers.body.map((a: { id: string }) => a.id)).to.deep.equal([bob.id]);
    expect(followers.body[0]).to.include({ username: 'bob', following_count: 1 });
    const following = await world.api.dave.get(`/api/v1/accounts/${bob.id}/following`).expect(200);
    expect(following.body.map((a: { id: string }) => a.id)).to.deep.equal([carol.id]);
  });

  it('unfollowing answers the relationship, restores the counters and is idempotent', async () => {
    const { bob, carol } = world.users;
    const response = await world.api.bob.post(`/api/v1/accounts/${carol.id}/unfollow`).expect(200);
    expect(response.body).to.include({ id: carol.id, following: false });
    await world.api.bob.post(`/api/v1/accounts/${carol.id}/unfollow`).expect(200);
    expect(await counts(carol.id)).to.deep.equal({ followers: 0, following: 0 });
    expect(await counts(bob.id)).to.deep.equal({ followers: 0, following: 0 });
  });

  it('refuses to follow yourself (422 naming id) and unknown accounts (404)', async () => {
    const self = await world.api.bob.post(`/api/v1/accounts/${world.users.bob.id}/follow`).expect(422);
    expect(self.body).to.include({ code: 'E_VALIDATION', field: 'id' });
    await world.api.bob.post('/api/v1/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV/follow').expect(404);
    await world.api.bob.post('/api/v1/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV/unfollow').expect(404);
    await world.api.bob.get('/api/v1/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV/followers').expect(404);
    expect(await counts(world.users.bob.id)).to.deep.equal({ followers: 0, following: 0 });
  });

  it('follow requests are always empty (accounts are never locked)', async () => {
    const response = await world.api.bob.get('/api/v1/follow_requests').expect(200);
    expect(response.body).to.deep.equal([]);
  });

  it('needs a signed-in person', async () => {
    const { default: supertest } = await import('supertest');
    await supertest(world.testApp.callback).get('/api/v1/follow_requests').expect(401);
  });

  it('walks 45 followers page by page through Link headers without gaps or repeats', async () => {
    const { dave } = world.users;
    const fans = await createQuietPeople(world, 'fan', 45);
    for (const fan of fans) await world.testApp.container.core.follows.follow(fan, dave.id);
    expect((await counts(dave.id)).followers).to.equal(45);
    const walked = await walkPages(world.api.bob, `/api/v1/accounts/${dave.id}/followers?limit=20`);
    expect(walked.pages).to.equal(3);
    expect(walked.ids).to.have.length(45);
    expect(new Set(walked.ids).size).to.equal(45);
    // Newest follow first.
    expect(walked.ids).to.deep.equal(fans.map((fan) => fan.id).reverse());

    const first = await world.api.bob.get(`/api/v1/accounts/${dave.id}/followers?limit=5`).expect(200);
    const prev = /<([^>]+)>; rel="prev"/.exec(String(first.headers.link))?.[1] ?? '';
    expect(prev).to.include('min_id=');
    const newer = await world.api.bob.get(new URL(prev).pathname + new URL(prev).search).expect(200);
    expect(newer.body).to.deep.equal([]);
  });
});
