import { expect } from 'chai';
import { startPostsWorld, post, statusAs, type PostsWorld } from './posts-world.js';

describe('publishing a post', () => {
  let world: PostsWorld;
  before(async () => {
    world = await startPostsWorld({ WARBLE_POSTS_MAX_LENGTH: '60' });
  });
  after(() => world.close());

  it('Carol posts "hello @bob #launch": Bob gets a mention notification and the status carries safe links, mentions and tags', async () => {
    const status = await post(world.carol, { status: 'hello @bob #launch see https://example.com/x' });
    expect(status.account.username).to.equal('carol');
    expect(status.visibility).to.equal('public');
    expect(status.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(status.mentions.map((m) => m.username)).to.deep.equal(['bob']);
    expect(status.tags.map((t) => t.name)).to.deep.equal(['launch']);
    expect(status.content).to.include('href="https://example.com/x"');
    expect(status.content).to.include('rel="nofollow noopener noreferrer"');
    expect(status.content).to.match(/href="[^"]*\/@bob"/);
    expect(status.content).to.match(/href="[^"]*\/tags\/launch"/);

    const notifications = await world.testApp.container.models.Notification.findAll({ where: { recipientId: world.ids.bob } });
    expect(notifications.map((n) => [n.type, n.postId, n.actorId])).to.deep.include(['mention', status.id, world.ids.carol]);
  });

  it('counts the post on the author and keeps their last post time', async () => {
    const before = (await world.testApp.container.models.User.findByPk(world.ids.dave))!;
    const status = await post(world.dave, { status: 'counting' });
    const after = (await world.testApp.container.models.User.findByPk(world.ids.dave))!;
    expect(after.postsCount).to.equal(before.postsCount + 1);
    expect(after.lastPostAt?.toISOString()).to.equal(status.created_at);
  });

  it('escapes markup typed into a post', async () => {
    const status = await post(world.bob, { status: '<script>alert(1)</script> <b>x</b>' });
    expect(status.content).not.to.include('<script>');
    expect(status.content).not.to.include('<b>');
    expect(status.content).to.include('&lt;script&gt;');
  });

  it('leaves mentions of unknown people as plain text and notifies nobody', async () => {
    const status = await post(world.bob, { status: 'hi @nobody_here' });
    expect(status.mentions).to.deep.equal([]);
    expect(status.content).not.to.include('href');
    const rows = await world.testApp.container.models.PostMention.findAll({ where: { postId: status.id } });
    expect(rows).to.have.length(0);
  });

  it('refuses text longer than the configured limit with a 422 naming status', async () => {
    const response = await world.bob.post('/api/v1/statuses', { status: 'x'.repeat(61) });
    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'E_POST_TOO_LONG', field: 'status' });
    await post(world.bob, { status: 'x'.repeat(60) });
  });

  it('refuses an empty or blank post with a 422 naming status', async () => {
    for (const text of ['', '   \n ', '\u200b']) {
      const response = await world.bob.post('/api/v1/statuses', { status: text });
      expect(response.status).to.equal(422);
      expect(response.body).to.include({ code: 'E_POST_EMPTY', field: 'status' });
    }
  });

  it('refuses an unknown visibility and a members-only post without a group, naming visibility', async () => {
    for (const visibility of ['secret', 'private']) {
      const response = await world.bob.post('/api/v1/statuses', { status: 'hm', visibility });
      expect(response.status).to.equal(422);
      expect(response.body.field).to.equal('visibility');
    }
  });

  it('maps unlisted to public, and takes form-encoded bodies as Mastodon clients send them', async () => {
    const response = await world.bob
      .post('/api/v1/statuses')
      .type('form')
      .send('status=from+a+form&visibility=unlisted&language=en');
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ visibility: 'public', language: 'en' });
  });

  it('needs a signed-in person and the CSRF header for session writes', async () => {
    const { default: supertest } = await import('supertest');
    const anonymous = await supertest(world.testApp.callback).post('/api/v1/statuses').send({ status: 'anon' });
    expect(anonymous.status).to.be.oneOf([401, 403]);
    const anonymousRead = await supertest(world.testApp.callback).get(`/api/v1/statuses/${(await post(world.bob, { status: 'x' })).id}`);
    expect(anonymousRead.status).to.equal(401);
  });

  it('answers 404 for an id that does not exist or is not an id', async () => {
    expect((await world.bob.get('/api/v1/statuses/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).to.equal(404);
    expect((await world.bob.get('/api/v1/statuses/not-an-id')).status).to.equal(404);
  });

  it('shows the same status to another colleague', async () => {
    const status = await post(world.carol, { status: 'for everyone' });
    expect((await statusAs(world.dave, status.id)).content).to.include('for everyone');
  });
});
