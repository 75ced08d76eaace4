/**
 * Live timelines over real Socket.IO clients against a real listening
 * Warble: who receives what, and who never does.
 */
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { api, connect, nextEvent, pause, person, post, record, subscribe, type LiveClient, type Person } from './realtime-world.js';

describe('live timelines (Socket.IO)', function () {
  this.timeout(15_000);
  let server: TestServer;
  let ada: Person;
  let bob: Person;
  let eve: Person;
  const sockets: LiveClient[] = [];
  const open = async (who: Person) => {
    const socket = await connect(server.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };
  const container = () => server.running.container;

  before(async () => {
    server = await startTestServer();
    ada = await person(container(), 'ada');
    bob = await person(container(), 'bob');
    eve = await person(container(), 'eve');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  after(async () => server?.close());

  it('refuses a handshake without credentials or with a bad token', async () => {
    for (const options of [{}, { token: 'not-a-token' }]) {
      const error = await connect(server.url, options).then(
        () => null,
        (e: Error & { data?: { code?: string } }) => e,
      );
      expect(error?.data?.code).to.equal('E_UNAUTHENTICATED');
    }
  });

  it('a company-wide post reaches the company stream and followers\' home, flags false', async () => {
    await api(server.url, bob.token, 'POST', `/api/v1/accounts/${ada.id}/follow`);
    const bobs = await open(bob);
    expect(await subscribe(bobs, 'home')).to.include({ ok: true, stream: 'home' });
    expect(await subscribe(bobs, 'company')).to.include({ ok: true, stream: 'company' });
    const seen = Promise.all([
      nextEvent(bobs, 'post.created', (e) => e.stream === 'home'),
      nextEvent(bobs, 'post.created', (e) => e.stream === 'company'),
    ]);
    const created = await post(server.url, ada, { status: 'Hello #launch everyone' });
    const [home, company] = await seen;
    expect(home.status.id).to.equal(created.id);
    expect(company.status.id).to.equal(created.id);
    expect(company.status.favourited).to.equal(false);
  });

  it('a post to a private group reaches members and never a non-member, even one who asks for the group by id', async () => {
    const groupId = await createGroup(container().models, {
      name: 'Skunkworks',
      visibility: 'private',
      members: [{ userId: ada.id, role: 'owner' }, { userId: bob.id }],
    });
    const [adas, bobs, eves] = [await open(ada), await open(bob), await open(eve)];
    expect(await subscribe(bobs, `group:${groupId}`)).to.include({ ok: true });
    const refused = nextEvent(eves, 'stream.error');
    expect(await subscribe(eves, `group:${groupId}`)).to.include({ ok: false, code: 'E_STREAM_FORBIDDEN' });
    expect((await refused).code).to.equal('E_STREAM_FORBIDDEN');
    for (const stream of ['home', 'company', `profile:${ada.id}`, 'hashtag:secret', 'notifications']) await subscribe(eves, stream);
    await subscribe(adas, 'home');
    const eveSaw = record(eves, 'post.created');
    const bobGets = nextEvent(bobs, 'post.created', (e) => e.stream === `group:${groupId}`);
    const adaGets = nextEvent(adas, 'post.created', (e) => e.stream === 'home');
    const created = await post(server.url, ada, { status: 'Secret plan #secret @' + eve.username, group_id: groupId });
    expect((await bobGets).status.id).to.equal(created.id);
    expect((await adaGets).status.id).to.equal(created.id);
    await pause(300);
    expect(eveSaw).to.deep.equal([]);
  });

  it('a direct message reaches only its participants', async () => {
    const [adas, bobs, eves] = [await open(ada), await open(bob), await open(eve)];
    for (const socket of [adas, bobs, eves]) {
      for (const stream of ['home', 'company', 'conversations', `profile:${ada.id}`]) await subscribe(socket, stream);
    }
    const eveSaw = [...record(eves, 'post.created'), ...record(eves, 'conversation')];
    const eveEvents = record(eves, 'conversation');
    const bobGets = nextEvent(bobs, 'post.created', (e) => e.stream === 'home');
    const bobConversation = nextEvent(bobs, 'conversation');
    const created = await post(server.url, ada, { status: `@${bob.username} just between us`, visibility: 'direct' });
    expect((await bobGets).status.id).to.equal(created.id);
    expect((await bobConversation).conversation.last_status?.id).to.equal(created.id);
    await pause(300);
    expect(eveSaw).to.deep.equal([]);
    expect(eveEvents).to.deep.equal([]);
  });

  it('a deleted post is removed live', async () => {
    const bobs = await open(bob);
    await subscribe(bobs, 'company');
    const created = await post(server.url, ada, { status: 'Oops, wrong channel' });
    const removed = nextEvent(bobs, 'post.deleted', (e) => e.id === created.id);
    await api(server.url, ada.token, 'DELETE', `/api/v1/statuses/${created.id}`);
    expect((await removed).id).to.equal(created.id);
  });

  it('counts changes are pushed to the streams showing the post', async () => {
    const bobs = await open(bob);
    await subscribe(bobs, 'company');
    const created = await post(server.url, ada, { status: 'Like me' });
    const counted = nextEvent(bobs, 'post.counts', (e) => e.id === created.id);
    await api(server.url, eve.token, 'POST', `/api/v1/statuses/${created.id}/favourite`);
    expect((await counted).favourites_count).to.equal(1);
  });

  it('leaving a private group ends that subscription immediately', async () => {
    const groupId = await createGroup(container().models, {
      name: 'Leavers',
      visibility: 'private',
      members: [{ userId: ada.id, role: 'owner' }, { userId: bob.id }],
    });
    const bobs = await open(bob);
    expect(await subscribe(bobs, `group:${groupId}`)).to.include({ ok: true });
    const ended = nextEvent(bobs, 'stream.ended');
    await api(server.url, bob.token, 'POST', `/api/v1/groups/${groupId}/leave`);
    expect(await ended).to.deep.equal({ stream: `group:${groupId}`, reason: 'membership' });
    const bobSaw = record(bobs, 'post.created');
    await post(server.url, ada, { status: 'After bob left', group_id: groupId });
    await pause(300);
    expect(bobSaw).to.deep.equal([]);
  });

  it('reconnecting replays the missed posts in order, and asks for a reload past the bound', async () => {
    let bobs = await open(bob);
    await subscribe(bobs, 'company');
    const first = nextEvent(bobs, 'post.created');
    const seenId = (await post(server.url, ada, { status: 'Before the tunnel' })).id;
    await first;
    bobs.close();
    const missed = [];
    for (const text of ['one', 'two', 'three']) missed.push((await post(server.url, ada, { status: `Missed ${text}` })).id);
    bobs = await open(bob);
    const replayed = record(bobs, 'post.created');
    expect(await subscribe(bobs, 'company', seenId)).to.include({ ok: true, replayed: 3, reload: false });
    expect(replayed.map((e) => e.status.id)).to.deep.equal(missed);
    expect(replayed.every((e) => e.replay === true)).to.equal(true);
    for (let i = 0; i < 41; i += 1) await post(server.url, eve, { status: `flood ${i}` });
    const again = await open(bob);
    const reload = nextEvent(again, 'stream.reload');
    expect(await subscribe(again, 'company', missed[2])).to.include({ ok: true, reload: true });
    expect((await reload).stream).to.equal('company');
  });

  it('a deactivated person\'s sockets are closed at once', async () => {
    const carl = await person(container(), 'carl');
    const carls = await open(carl);
    const closed = new Promise<string>((resolve) => carls.once('disconnect', (reason) => resolve(reason)));
    await container().sequelize.transaction((transaction) => container().users.deactivate([carl.id], new Date(), transaction));
    await container().revoker.revokeAll(carl.id);
    expect(await closed).to.equal('io server disconnect');
    const error = await connect(server.url, { token: carl.token }).then(() => null, (e: Error) => e);
    expect(error).to.be.instanceOf(Error);
  });

  it('the Mastodon streaming WebSocket delivers an update to a client holding a token', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=public&access_token=${bob.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const message = new Promise<{ stream: string[]; event: string; payload: string }>((resolve) =>
      ws.on('message', (data) => {
        const parsed = JSON.parse(String(data)) as { stream: string[]; event: string; payload: string };
        if (parsed.event === 'update') resolve(parsed);
      }),
    );
    await pause(200); // the subscription is resolved asynchronously after the upgrade
    const created = await post(server.url, ada, { status: 'Hello Mastodon clients' });
    const received = await message;
    ws.close();
    expect(received.stream).to.deep.equal(['public']);
    expect((JSON.parse(received.payload) as { id: string }).id).to.equal(created.id);
  });

  it('the Mastodon streaming WebSocket refuses a client without a token', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=public`);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).to.equal(401);
  });

  it('the server-sent-events form streams updates and answers /health', async () => {
    expect(await (await fetch(`${server.url}/api/v1/streaming/health`)).text()).to.equal('OK');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/streaming/user?access_token=${ada.token}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const created = await post(server.url, ada, { status: 'Hello SSE' });
    let text = '';
    while (!text.includes(created.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).to.include('event: update');
  });
});
