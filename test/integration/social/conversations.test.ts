import { expect } from 'chai';
import { insertConversation, startSocialWorld, walkPages, type SocialWorld } from './social-world.js';

interface ApiConversation {
  id: string;
  unread: boolean;
  accounts: Array<{ id: string }>;
  last_status: { id: string; content: string } | null;
}

describe('private conversations', () => {
  let world: SocialWorld;
  let bobAndCarol: { id: string; lastPostId: string };
  let carolAndDave: { id: string; lastPostId: string };
  let everyone: { id: string; lastPostId: string };
  before(async () => {
    world = await startSocialWorld();
    const { bob, carol, dave } = world.users;
    bobAndCarol = await insertConversation(world, [bob, carol], 'lunch @carol?');
    carolAndDave = await insertConversation(world, [carol, dave], 'the mockups @dave');
    everyone = await insertConversation(world, [dave, bob, carol], 'all hands @bob @carol');
  });
  after(() => world.testApp.close());

  const list = async (who: 'bob' | 'carol' | 'dave' | 'ada', query = '') =>
    (await world.api[who].get(`/api/v1/conversations${query}`).expect(200)).body as ApiConversation[];

  it('lists only the viewer’s conversations, newest message first, with the other people and the last message', async () => {
    const carols = await list('carol');
    expect(carols.map((c) => c.id)).to.deep.equal([everyone.id, carolAndDave.id, bobAndCarol.id]);
    const withBob = carols.find((c) => c.id === bobAndCarol.id);
    expect(withBob?.accounts.map((a) => a.id)).to.deep.equal([world.users.bob.id]);
    expect(withBob?.last_status?.id).to.equal(bobAndCarol.lastPostId);
    expect(withBob?.last_status?.content).to.include('lunch');
    expect(carols.find((c) => c.id === everyone.id)?.accounts.map((a) => a.id)).to.have.members([world.users.bob.id, world.users.dave.id]);
    expect((await list('dave')).map((c) => c.id)).to.deep.equal([everyone.id, carolAndDave.id]);
    expect(await list('ada')).to.deep.equal([]);
  });

  it('is unread for the people who did not write the last message, until they read it', async () => {
    expect((await list('carol')).find((c) => c.id === bobAndCarol.id)?.unread).to.equal(true);
    expect((await list('bob')).find((c) => c.id === bobAndCarol.id)?.unread).to.equal(false);
    const read = await world.api.carol.post(`/api/v1/conversations/${bobAndCarol.id}/read`).expect(200);
    expect(read.body).to.include({ id: bobAndCarol.id, unread: false });
    expect((await list('carol')).find((c) => c.id === bobAndCarol.id)?.unread).to.equal(false);
  });

  it('answers 404 to people outside the conversation, for reading and removing alike', async () => {
    await world.api.dave.post(`/api/v1/conversations/${bobAndCarol.id}/read`).expect(404);
    await world.api.ada.delete(`/api/v1/conversations/${bobAndCarol.id}`).expect(404);
    await world.api.dave.post('/api/v1/conversations/01ARZ3NDEKTSV4RRFFQ69G5FAV/read').expect(404);
    expect((await list('bob')).find((c) => c.id === bobAndCarol.id)).to.not.equal(undefined);
  });

  it('pages with Link headers by the last message', async () => {
    const walked = await walkPages(world.api.carol, '/api/v1/conversations?limit=1');
    expect(walked.ids).to.deep.equal([everyone.id, carolAndDave.id, bobAndCarol.id]);
  });

  it('a last message that was deleted is no longer shown', async () => {
    await world.testApp.container.models.Post.update({ deletedAt: new Date() }, { where: { id: carolAndDave.lastPostId } });
    expect((await list('dave')).find((c) => c.id === carolAndDave.id)?.last_status).to.equal(null);
  });

  it('removing a conversation takes it off the viewer’s list only', async () => {
    await world.api.carol.delete(`/api/v1/conversations/${everyone.id}`).expect(200);
    expect((await list('carol')).map((c) => c.id)).not.to.include(everyone.id);
    expect((await list('bob')).map((c) => c.id)).to.include(everyone.id);
    await world.api.carol.post(`/api/v1/conversations/${everyone.id}/read`).expect(404);
  });
});
