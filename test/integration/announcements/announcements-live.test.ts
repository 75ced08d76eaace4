/**
 * Announcements live, over real Socket.IO clients against a real listening
 * Warble: a group announcement reaches its members' sockets and nobody
 * else's; acknowledging clears it from the person's other tabs and climbs
 * the figures on the sender's stats stream, which only people who may read
 * the figures can follow (not a publisher outside a private group it went to).
 */
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { api, connect, nextEvent, pause, record, subscribe, type LiveClient } from '../realtime/realtime-world.js';
import { announcementWorld, colleague, type AnnouncementWorld, type Colleague } from './announcement-world.js';

describe('announcements live (Socket.IO)', function () {
  this.timeout(20_000);
  let server: TestServer;
  let world: AnnouncementWorld;
  const sockets: LiveClient[] = [];
  const open = async (who: Colleague) => {
    const socket = await connect(server.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };
  const publish = (who: Colleague, body: object) => api<{ id: string; content: string }>(server.url, who.token, 'POST', '/api/v1/announcements', body);

  before(async () => {
    server = await startTestServer();
    world = await announcementWorld(server.running.container);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  after(async () => server?.close());

  it('a group announcement reaches every socket of its members and never a non-member', async () => {
    const [bobs, bobsOtherTab, carols, eves] = [await open(world.bob), await open(world.bob), await open(world.carol), await open(world.eve)];
    const eveSaw = record(eves, 'announcement');
    const arrivals = Promise.all([bobs, bobsOtherTab, carols].map((socket) => nextEvent(socket, 'announcement')));
    const created = await publish(world.hr, { text: 'Live to sales', group_ids: [world.salesId] });
    for (const event of await arrivals) {
      expect(event.announcement.id).to.equal(created.id);
      expect(event.announcement.content).to.contain('Live to sales');
      expect(event.announcement.read).to.equal(false);
    }
    // A later announcement to everyone does reach Eve: by then the group one would have arrived too.
    const everyone = nextEvent(eves, 'announcement');
    const toEveryone = await publish(world.hr, { text: 'Live to everyone' });
    expect((await everyone).announcement.id).to.equal(toEveryone.id);
    expect(eveSaw.map((event) => event.announcement.id)).to.deep.equal([toEveryone.id]);
  });

  it('acknowledging clears the other tabs and climbs the figures on the stats stream', async () => {
    const created = await publish(world.hr, { text: 'Please acknowledge', group_ids: [world.salesId] });
    const [hrs, bobsTab, bobsOtherTab, carols] = [await open(world.hr), await open(world.bob), await open(world.bob), await open(world.carol)];
    expect(await subscribe(hrs, `announcement:${created.id}`)).to.include({ ok: true, stream: `announcement:${created.id}` });
    const carolSaw = record(carols, 'announcement.removed');
    const figures = nextEvent(hrs, 'announcement.stats', (event) => event.acknowledged === 1);
    const removed = Promise.all([nextEvent(bobsTab, 'announcement.removed'), nextEvent(bobsOtherTab, 'announcement.removed')]);
    await api(server.url, world.bob.token, 'POST', `/api/v1/announcements/${created.id}/dismiss`);
    for (const event of await removed) expect(event).to.deep.equal({ id: created.id, reason: 'acknowledged' });
    expect(await figures).to.include({ id: created.id, delivered: 3, acknowledged: 1 });
    expect(carolSaw).to.deep.equal([]);
  });

  it('only the sender, administrators and communicators may follow the figures', async () => {
    const created = await publish(world.hr, { text: 'Figures are private' });
    const [bobs, admins] = [await open(world.bob), await open(world.admin)];
    expect(await subscribe(bobs, `announcement:${created.id}`)).to.include({ ok: false, code: 'E_STREAM_FORBIDDEN' });
    expect(await subscribe(bobs, 'announcement:01ARZ3NDEKTSV4RRFFQ69G5FAV')).to.include({ ok: false, code: 'E_STREAM_FORBIDDEN' });
    expect(await subscribe(admins, `announcement:${created.id}`)).to.include({ ok: true });
  });

  it('a withdrawn announcement disappears live for its audience', async () => {
    const created = await publish(world.hr, { text: 'Oops', group_ids: [world.salesId] });
    const carols = await open(world.carol);
    const gone = nextEvent(carols, 'announcement.removed');
    await api(server.url, world.hr.token, 'DELETE', `/api/v1/announcements/${created.id}`);
    expect(await gone).to.deep.equal({ id: created.id, reason: 'withdrawn' });
  });

  it('Mastodon clients get announcement and announcement.delete on their user stream', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=user&access_token=${world.bob.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const messages: Array<{ stream: string[]; event: string; payload: string }> = [];
    const both = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const parsed = JSON.parse(String(data)) as { stream: string[]; event: string; payload: string };
        if (parsed.event.startsWith('announcement')) messages.push(parsed);
        if (parsed.event === 'announcement.delete') resolve();
      }),
    );
    await pause(200); // the subscription is resolved asynchronously after the upgrade
    const created = await publish(world.hr, { text: 'For Mastodon apps', group_ids: [world.salesId] });
    await api(server.url, world.hr.token, 'DELETE', `/api/v1/announcements/${created.id}`);
    await both;
    ws.close();
    expect(messages.map((message) => message.event)).to.deep.equal(['announcement', 'announcement.delete']);
    expect(messages[0]!.stream).to.deep.equal(['user']);
    expect((JSON.parse(messages[0]!.payload) as { id: string; content: string }).content).to.contain('For Mastodon apps');
    expect(messages[1]!.payload).to.equal(created.id);
  });

  it('a publisher outside a private group may not follow the figures of another sender\'s announcement to it, but may for one to everyone', async () => {
    const { container } = server.running;
    // A communicator who only asked to join Sales (last in this file: the other tests count Sales' members).
    const cass = await colleague(container, 'cass', { isCommunicator: true });
    await container.models.GroupMembership.create({ groupId: world.salesId, userId: cass.id, role: 'member', state: 'requested' });
    const toSales = await publish(world.hr, { text: 'Sales figures are private', group_ids: [world.salesId] });
    const toEveryone = await publish(world.hr, { text: 'Everyone may count' });
    const [cassSocket, admins, hrs] = [await open(cass), await open(world.admin), await open(world.hr)];
    expect(await subscribe(cassSocket, `announcement:${toSales.id}`)).to.include({ ok: false, code: 'E_STREAM_FORBIDDEN' });
    expect(await subscribe(admins, `announcement:${toSales.id}`)).to.include({ ok: false, code: 'E_STREAM_FORBIDDEN' });
    expect(await subscribe(cassSocket, `announcement:${toEveryone.id}`)).to.include({ ok: true });
    expect(await subscribe(hrs, `announcement:${toSales.id}`)).to.include({ ok: true });
  });
});
