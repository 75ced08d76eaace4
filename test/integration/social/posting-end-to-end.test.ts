import { expect } from 'chai';
import { startSocialWorld, type SocialWorld } from './social-world.js';

describe('notifications and conversations from real posts', () => {
  let world: SocialWorld;
  before(async () => {
    world = await startSocialWorld();
  });
  after(() => world.testApp.close());

  it('a mention posted through the API notifies the mentioned person with the status', async () => {
    const posted = await world.api.bob.post('/api/v1/statuses', { status: 'ping @carol about #launch' }).expect(200);
    const notes = await world.api.carol.get('/api/v1/notifications?types[]=mention').expect(200);
    expect(notes.body.map((n: { status: { id: string } | null }) => n.status?.id)).to.include(posted.body.id);
  });

  it('a direct post through the API appears in both people’s conversations, unread for the recipient', async () => {
    const posted = await world.api.bob.post('/api/v1/statuses', { status: '@dave a private word', visibility: 'direct' }).expect(200);
    const daves = await world.api.dave.get('/api/v1/conversations').expect(200);
    const conversation = daves.body.find((c: { last_status: { id: string } | null }) => c.last_status?.id === posted.body.id);
    expect(conversation).to.include({ unread: true });
    expect(conversation.accounts.map((a: { id: string }) => a.id)).to.deep.equal([world.users.bob.id]);
    const bobs = await world.api.bob.get('/api/v1/conversations').expect(200);
    expect(bobs.body.map((c: { id: string }) => c.id)).to.include(conversation.id);
    expect((await world.api.carol.get('/api/v1/conversations').expect(200)).body).to.deep.equal([]);
  });

  it('a conversation removed from someone’s list comes back with the next message', async () => {
    const first = await world.api.carol.post('/api/v1/statuses', { status: '@dave quick one', visibility: 'direct' }).expect(200);
    const find = async () =>
      ((await world.api.dave.get('/api/v1/conversations').expect(200)).body as Array<{ id: string; last_status: { id: string } | null }>).find(
        (c) => c.last_status?.id === first.body.id || c.last_status?.id === second,
      );
    let second = '';
    const conversation = await find();
    await world.api.dave.delete(`/api/v1/conversations/${conversation?.id}`).expect(200);
    expect(await find()).to.equal(undefined);
    second = (await world.api.carol.post('/api/v1/statuses', { status: '@dave are you there?', visibility: 'direct' }).expect(200)).body.id;
    expect((await find())?.id).to.equal(conversation?.id);
  });
});
