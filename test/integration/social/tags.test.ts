import { expect } from 'chai';
import { startSocialWorld, type SocialWorld } from './social-world.js';

describe('following hashtags', () => {
  let world: SocialWorld;
  before(async () => {
    world = await startSocialWorld();
  });
  after(() => world.testApp.close());

  it('a tag shows whether the viewer follows it, by its normalised name', async () => {
    const response = await world.api.bob.get('/api/v1/tags/Launch').expect(200);
    expect(response.body).to.include({ name: 'launch', following: false });
    expect(response.body.url).to.match(/\/tags\/launch$/);
  });

  it('follow and unfollow are idempotent and listed in followed_tags', async () => {
    const followed = await world.api.bob.post('/api/v1/tags/%23Launch/follow').expect(200);
    expect(followed.body).to.include({ name: 'launch', following: true });
    await world.api.bob.post('/api/v1/tags/launch/follow').expect(200);
    await world.api.bob.post(`/api/v1/tags/${encodeURIComponent('Été')}/follow`).expect(200);
    const list = await world.api.bob.get('/api/v1/followed_tags').expect(200);
    expect(list.body.map((tag: { name: string }) => tag.name)).to.deep.equal(['été', 'launch']);
    expect((await world.api.bob.get('/api/v1/tags/LAUNCH').expect(200)).body.following).to.equal(true);
    expect((await world.api.carol.get('/api/v1/tags/launch').expect(200)).body.following).to.equal(false);

    const unfollowed = await world.api.bob.post('/api/v1/tags/launch/unfollow').expect(200);
    expect(unfollowed.body).to.include({ name: 'launch', following: false });
    await world.api.bob.post('/api/v1/tags/launch/unfollow').expect(200);
    const after = await world.api.bob.get('/api/v1/followed_tags').expect(200);
    expect(after.body.map((tag: { name: string }) => tag.name)).to.deep.equal(['été']);
  });

  it('refuses names that are not hashtags with a 422 naming the field', async () => {
    for (const bad of ['123', 'no-dashes', 'a'.repeat(101)]) {
      const response = await world.api.bob.post(`/api/v1/tags/${encodeURIComponent(bad)}/follow`).expect(422);
      expect(response.body).to.include({ code: 'E_VALIDATION', field: 'name' });
    }
    await world.api.bob.get('/api/v1/tags/no%20spaces').expect(422);
  });
});
