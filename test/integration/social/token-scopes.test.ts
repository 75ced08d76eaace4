import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { startSocialWorld, type SocialWorld } from './social-world.js';

describe('social routes with bearer tokens', () => {
  let world: SocialWorld;
  const tokenFor = async (scopes: string[]) => {
    const { token } = await world.testApp.container.apiAuth.personalTokens.create(world.users.bob, { name: scopes.join(' '), scopes });
    return ApiClient.withToken(world.testApp, token);
  };
  before(async () => {
    world = await startSocialWorld();
  });
  after(() => world.testApp.close());

  it('a read token reads notifications, groups and relationships but cannot follow, join or dismiss', async () => {
    const reader = await tokenFor(['read']);
    await reader.get('/api/v1/notifications').expect(200);
    await reader.get('/api/v1/groups').expect(200);
    await reader.get(`/api/v1/accounts/relationships?id[]=${world.users.carol.id}`).expect(200);
    expect((await reader.post(`/api/v1/accounts/${world.users.carol.id}/follow`).expect(403)).body.code).to.equal('E_SCOPE_DENIED');
    await reader.post('/api/v1/groups', { name: 'Nope' }).expect(403);
    await reader.post('/api/v1/notifications/clear').expect(403);
  });

  it('the legacy follow scope follows people and tags; write creates groups and clears notifications', async () => {
    const follower = await tokenFor(['follow']);
    await follower.post(`/api/v1/accounts/${world.users.carol.id}/follow`).expect(200);
    await follower.post('/api/v1/tags/launch/follow').expect(200);
    await follower.post('/api/v1/groups', { name: 'Nope' }).expect(403);
    const writer = await tokenFor(['write']);
    await writer.post('/api/v1/groups', { name: 'By Token' }).expect(200);
    await writer.post('/api/v1/notifications/clear').expect(200);
  });
});
