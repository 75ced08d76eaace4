import { expect } from 'chai';
import supertest from 'supertest';
import { createGroup, post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';
import { eventually, FAST_HOOKS } from './plugin-world.js';

interface Recorded {
  hook: string;
  detail: Record<string, unknown>;
}

describe('plugin hooks', () => {
  let world: PostsWorld;
  const events = async () => (await supertest(world.testApp.callback).get('/plugins/recorder/events').expect(200)).body as Recorded[];

  before(async () => {
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_PLUGINS_ENABLED: 'tagger-a,tagger-b,refuser,recorder,thrower,hanger,shout-guard' });
  });
  after(() => world.close());

  it('filters run in priority order, each receiving the previous value', async () => {
    const status = await post(world.bob, { status: 'release #tag' });
    expect(status.content).to.include('release');
    const stored = await world.testApp.container.models.Post.findByPk(status.id);
    // tagger-b (priority 10) ran first, tagger-a (20) saw its change; the thrower and the hanger were skipped.
    expect(stored?.text).to.equal('release #tag [b] [a after b]');
  });

  it('a rejection shows the author the plugin message and stores nothing', async () => {
    const before = await world.testApp.container.models.Post.count();
    const response = await world.bob.post('/api/v1/statuses', { status: 'this is forbidden' });
    expect(response.status).to.equal(422);
    expect(response.body).to.deep.include({ code: 'E_PLUGIN_REJECTED', error: 'The refuser plugin says no to forbidden words.', field: 'status' });
    expect(await world.testApp.container.models.Post.count()).to.equal(before);
  });

  it('post.validate also guards edits', async () => {
    const status = await post(world.bob, { status: 'fine words' });
    const response = await world.bob.put(`/api/v1/statuses/${status.id}`, { status: 'forbidden words' });
    expect(response.status).to.equal(422);
    expect((await world.testApp.container.models.Post.findByPk(status.id))?.text).to.match(/^fine words/);
  });

  it('a throwing and a hanging plugin do not stop posting; their errors are kept with their ids', async () => {
    const started = Date.now();
    const status = await post(world.carol, { status: 'still works' });
    expect(Date.now() - started).to.be.below(2000);
    expect(status.id).to.be.a('string');
    const errorLines = async () => world.testApp.container.plugins.list().flatMap((plugin) => plugin.errors.map((error) => `${plugin.id} ${error.hook} ${error.message}`));
    const errors = await eventually(errorLines, (lines) => lines.some((line) => line.startsWith('hanger post.created')));
    expect(errors.join('\n')).to.include('thrower post.beforeCreate thrower filter broke');
    expect(errors.join('\n')).to.include('thrower post.created thrower action broke');
    expect(errors.join('\n')).to.match(/hanger post.beforeCreate post.beforeCreate did not finish within 200 ms/);
    expect(errors.join('\n')).to.match(/hanger post.created post.created did not finish within 200 ms/);
  });

  it('actions run after commit, each with its own copy of the payload', async () => {
    const status = await post(world.dave, { status: 'after commit' });
    const recorded = await eventually(events, (list) =>
      list.some((event) => event.detail.postId === status.id) && list.some((event) => event.detail.second && event.detail.text === 'after commit [a]'),
    );
    const mine = recorded.filter((event) => event.hook === 'post.created' && event.detail.postId === status.id);
    expect(mine).to.have.length(1);
    expect(mine[0]!.detail.committed).to.equal(true);
    const second = recorded.filter((event) => event.detail.second);
    // tagger-a's filter appended its mark before the post was stored.
    expect(second.map((event) => event.detail.text)).to.include('after commit [a]');
    expect(second.map((event) => event.detail.text)).to.not.include('changed by the first handler');
  });

  it('no action is told about a rejected post', async () => {
    const before = (await events()).length;
    await world.bob.post('/api/v1/statuses', { status: 'forbidden again' }).expect(422);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await events()).length).to.equal(before);
  });

  it('reply.created, post.edited and post.deleted reach actions', async () => {
    const parent = await post(world.bob, { status: 'parent' });
    const reply = await post(world.carol, { status: 'a reply', in_reply_to_id: parent.id });
    await world.carol.put(`/api/v1/statuses/${reply.id}`, { status: 'an edited reply' }).expect(200);
    await world.carol.delete(`/api/v1/statuses/${reply.id}`).expect(200);
    const recorded = await eventually(events, (list) => list.some((event) => event.hook === 'post.deleted' && event.detail.postId === reply.id));
    expect(recorded).to.deep.include({ hook: 'reply.created', detail: { postId: reply.id, parentId: parent.id } });
    expect(recorded.some((event) => event.hook === 'post.edited' && event.detail.postId === reply.id)).to.equal(true);
    expect(recorded.some((event) => event.hook === 'post.deleted' && event.detail.postId === reply.id)).to.equal(true);
  });

  it('user.created and user.signedIn reach actions', async () => {
    await world.testApp.container.localUsers.create({ username: 'erin', password: 'erins long password' });
    const recorded = await eventually(events, (list) => list.some((event) => event.hook === 'user.created' && event.detail.username === 'erin'));
    expect(recorded).to.deep.include({ hook: 'user.created', detail: { username: 'erin' } });
    expect(recorded.some((event) => event.hook === 'user.signedIn' && event.detail.username === 'bob')).to.equal(true);
  });

  it('group.memberAdded reaches actions', async () => {
    const groupId = await createGroup(world.testApp, 'public', [world.ids.bob]);
    await world.carol.post(`/api/v1/groups/${groupId}/join`).expect(200);
    const recorded = await eventually(events, (list) => list.some((event) => event.hook === 'group.memberAdded'));
    expect(recorded).to.deep.include({ hook: 'group.memberAdded', detail: { groupId, userId: world.ids.carol } });
  });

  it('post.render adds escaped notes and drops unsafe links', async () => {
    const status = await post(world.bob, { status: 'please render-me' });
    expect(status.content).to.include('&lt;script&gt;x&lt;/script&gt; note');
    expect(status.content).to.not.include('<script>');
    expect(status.content).to.not.include('javascript:');
  });

  it('plugin routes are mounted under /plugins/<id>/ and see the signed-in person', async () => {
    const response = await world.bob.get('/plugins/recorder/whoami').expect(200);
    expect(response.body).to.deep.equal({ user: 'bob', label: 'rec' });
    await supertest(world.testApp.callback).get('/plugins/recorder/whoami').expect(302);
  });

  it('a plugin partial fills its view slot with escaped values', () => {
    const html = world.testApp.container.viewSlots.render('sidebar', { viewerId: world.ids.bob });
    expect(html).to.include('Hello &lt;b&gt;you&lt;/b&gt;');
    expect(world.testApp.container.viewSlots.render('sidebar', { viewerId: null })).to.equal('');
  });

  it('the tutorial plugin of docs/plugins.md works as written', async () => {
    const response = await world.bob.post('/api/v1/statuses', { status: 'THIS IS A VERY LOUD ANNOUNCEMENT' });
    expect(response.status).to.equal(422);
    expect(response.body.error).to.equal('Please do not shout.');
    const welcome = await post(world.bob, { status: 'hello #welcome' });
    const reply = await eventually(
      () => world.testApp.container.models.Post.findOne({ where: { inReplyToId: welcome.id } }),
      (found) => found !== null,
    );
    expect(reply?.text).to.match(/^Welcome aboard!/);
    const stats = await world.bob.get('/plugins/shout-guard/stats').expect(200);
    expect(stats.body).to.deep.equal({ replies: 0 });
  });

  it('/admin/plugins lists plugins, hooks and recent errors for administrators only', async () => {
    const page = await world.ada.get('/admin/plugins').set('Accept', 'text/html').expect(200);
    expect(page.text).to.include('data-testid="plugin-recorder"');
    expect(page.text).to.include('post.beforeCreate');
    expect(page.text).to.include('thrower action broke');
    await world.bob.get('/admin/plugins').set('Accept', 'text/html').expect(403);
  });
});
