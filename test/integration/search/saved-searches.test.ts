/**
 * Saved searches over the API, the live alert of a watched search through a
 * real Socket.IO client, and the keyword counts analytics charts.
 */
import { expect } from 'chai';
import { ulid } from 'ulid';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { api, connect, nextEvent, pause, person, post, record, subscribe, type LiveClient, type Person } from '../realtime/realtime-world.js';
import { MAX_WATCHES } from '../../../server/services/search/saved-searches.js';

interface ApiSavedSearch {
  id: string;
  query: string;
  watch: boolean;
  created_at: string;
}

describe('saved searches and their live alerts', function () {
  this.timeout(30_000);
  let server: TestServer;
  let ada: Person;
  let bob: Person;
  let eve: Person;
  const sockets: LiveClient[] = [];
  const container = () => server.running.container;
  const open = async (who: Person) => {
    const socket = await connect(server.url, { token: who.token });
    sockets.push(socket);
    expect(await subscribe(socket, 'notifications')).to.include({ ok: true });
    return socket;
  };
  const status = async (who: Person, method: string, path: string, body?: object) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

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

  it('saves, lists, watches and deletes searches; one per query; only the owner may touch them', async () => {
    const saved = await api<ApiSavedSearch>(server.url, bob.token, 'POST', '/api/v1/saved_searches', { query: '  quarterly   results ' });
    expect(saved).to.include({ query: 'quarterly results', watch: false });
    expect(saved.created_at).to.match(/\.\d{3}Z$/);
    const again = await api<ApiSavedSearch>(server.url, bob.token, 'POST', '/api/v1/saved_searches', { query: 'quarterly results' });
    expect(again.id).to.equal(saved.id);
    const watched = await api<ApiSavedSearch>(server.url, bob.token, 'PATCH', `/api/v1/saved_searches/${saved.id}`, { watch: true });
    expect(watched.watch).to.equal(true);
    expect(await api<ApiSavedSearch[]>(server.url, bob.token, 'GET', '/api/v1/saved_searches')).to.deep.equal([watched]);
    expect(await container().search.savedSearches.list(bob.id)).to.have.length(1);

    expect(await api<ApiSavedSearch[]>(server.url, eve.token, 'GET', '/api/v1/saved_searches')).to.deep.equal([]);
    expect((await status(eve, 'PATCH', `/api/v1/saved_searches/${saved.id}`, { watch: false })).status).to.equal(404);
    expect((await status(eve, 'DELETE', `/api/v1/saved_searches/${saved.id}`)).status).to.equal(404);
    expect((await status(bob, 'POST', '/api/v1/saved_searches', { query: '' })).status).to.equal(422);
    expect((await status(bob, 'POST', '/api/v1/saved_searches', { query: '***' })).status).to.equal(422);
    expect((await status(bob, 'PATCH', `/api/v1/saved_searches/${saved.id}`, { watch: 'maybe' })).status).to.equal(422);

    await api(server.url, bob.token, 'DELETE', `/api/v1/saved_searches/${saved.id}`);
    expect(await api<ApiSavedSearch[]>(server.url, bob.token, 'GET', '/api/v1/saved_searches')).to.deep.equal([]);
  });

  it(`bounds watched searches at ${MAX_WATCHES} per person (422 beyond)`, async () => {
    const carl = await person(container(), 'carl');
    for (let n = 0; n < MAX_WATCHES; n += 1) {
      await api(server.url, carl.token, 'POST', '/api/v1/saved_searches', { query: `topic${n}`, watch: true });
    }
    const refused = await status(carl, 'POST', '/api/v1/saved_searches', { query: 'onemore', watch: true });
    expect(refused.status).to.equal(422);
    expect(refused.body.error).to.be.a('string');
    // Saving without watching is still fine.
    expect((await status(carl, 'POST', '/api/v1/saved_searches', { query: 'onemore' })).status).to.equal(200);
  });

  it('a matching new post produces exactly one live notification for the watcher', async () => {
    // Two watched searches of eve's match the same post: still one notification.
    await api(server.url, eve.token, 'POST', '/api/v1/saved_searches', { query: 'datacenter migration', watch: true });
    await api(server.url, eve.token, 'POST', '/api/v1/saved_searches', { query: 'migrat*', watch: true });
    // ada watches it too but is the author: never told about her own post.
    await api(server.url, ada.token, 'POST', '/api/v1/saved_searches', { query: 'datacenter', watch: true });
    const eves = await open(eve);
    const adas = await open(ada);
    const evesNotifications = record(eves, 'notification');
    const adasNotifications = record(adas, 'notification');
    const arrived = nextEvent(eves, 'notification');
    await post(server.url, bob, { status: 'An unrelated note about lunch' });
    const created = await post(server.url, ada, { status: 'The datacenter migrations start on Monday' });
    const event = await arrived;
    expect(event.notification).to.include({ type: 'status', warble_type: 'saved_search' });
    expect(event.notification.status?.id).to.equal(created.id);
    await pause(300);
    expect(evesNotifications).to.have.length(1);
    expect(adasNotifications).to.have.length(0);
    const listed = await api<Array<{ warble_type: string }>>(server.url, eve.token, 'GET', '/api/v1/notifications');
    expect(listed.filter((n) => n.warble_type === 'saved_search')).to.have.length(1);
  });

  it('a private group’s post does not alert a non-member, and does alert a member', async () => {
    const mallory = await person(container(), 'mallory');
    const member = await person(container(), 'member');
    const groupId = await createGroup(container().models, {
      name: 'Board',
      visibility: 'private',
      members: [{ userId: ada.id, role: 'owner' }, { userId: member.id }],
    });
    await api(server.url, mallory.token, 'POST', '/api/v1/saved_searches', { query: 'layoffs', watch: true });
    await api(server.url, member.token, 'POST', '/api/v1/saved_searches', { query: 'layoffs', watch: true });
    const mallorys = await open(mallory);
    const members = await open(member);
    const seenByMallory = record(mallorys, 'notification');
    const arrived = nextEvent(members, 'notification');
    const created = await post(server.url, ada, { status: 'No layoffs planned this year', group_id: groupId });
    expect((await arrived).notification.status?.id).to.equal(created.id);
    await pause(300);
    expect(seenByMallory).to.deep.equal([]);
    const mallorysList = await api<unknown[]>(server.url, mallory.token, 'GET', '/api/v1/notifications');
    expect(mallorysList).to.deep.equal([]);
    // Not even written (so no count, digest or export can hint at it).
    expect(await container().models.Notification.count({ where: { recipientId: mallory.id } })).to.equal(0);
  });

  it('saved-search alerts can be muted like any other notification type', async () => {
    const quiet = await person(container(), 'quiet');
    await container().models.User.update({ mutedNotificationTypes: 'saved_search' }, { where: { id: quiet.id } });
    await api(server.url, quiet.token, 'POST', '/api/v1/saved_searches', { query: 'hackathon', watch: true });
    const created = await post(server.url, bob, { status: 'Hackathon sign-ups are open' });
    expect(await container().search.alerts.postCreated(created.id, bob.id)).to.not.include(quiet.id);
    expect(await api<unknown[]>(server.url, quiet.token, 'GET', '/api/v1/notifications')).to.deep.equal([]);
  });

  it('keywordCounts counts matching visible posts per day of the given time zone, zeros included', async () => {
    const { models } = container();
    const counter = await person(container(), 'counter');
    // 2026-03-10 23:30 UTC is already 2026-03-11 in Paris (UTC+1) and still 2026-03-10 in New York.
    const at = (iso: string) => new Date(iso);
    const insert = async (iso: string, text: string, extra: { visibility?: 'public' | 'direct' } = {}) => {
      const time = at(iso);
      await models.Post.create({
        id: ulid(time.getTime()),
        authorId: ada.id,
        text,
        visibility: extra.visibility ?? 'public',
        groupId: null,
        inReplyToId: null,
        inReplyToAuthorId: null,
        threadRootId: null,
        repostOfId: null,
        conversationId: null,
        language: null,
        createdAt: time,
        updatedAt: time,
      });
    };
    await insert('2026-03-10T10:00:00.000Z', 'zeppelin sighting one');
    await insert('2026-03-10T23:30:00.000Z', 'zeppelin sighting two');
    await insert('2026-03-12T12:00:00.000Z', 'zeppelins everywhere');
    await insert('2026-03-12T13:00:00.000Z', 'a secret zeppelin', { visibility: 'direct' });
    const range = { viewerId: counter.id, query: 'zeppelin', from: at('2026-03-10T00:00:00.000Z'), to: at('2026-03-13T12:00:00.000Z') };
    const paris = await container().search.keywordCounts({ ...range, timeZone: 'Europe/Paris' });
    expect(paris).to.deep.equal([
      { day: '2026-03-10', count: 1 },
      { day: '2026-03-11', count: 1 },
      { day: '2026-03-12', count: 1 },
      { day: '2026-03-13', count: 0 },
    ]);
    const newYork = await container().search.keywordCounts({ ...range, timeZone: 'America/New_York' });
    expect(newYork).to.deep.equal([
      { day: '2026-03-09', count: 0 },
      { day: '2026-03-10', count: 2 },
      { day: '2026-03-11', count: 0 },
      { day: '2026-03-12', count: 1 },
      { day: '2026-03-13', count: 0 },
    ]);
    let error: unknown = null;
    await container().search.keywordCounts({ ...range, timeZone: 'Mars/Olympus' }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('status', 422);
  });

  it('keywordCounts puts posts on the right local day across daylight saving changes', async () => {
    const { models } = container();
    const counter = await person(container(), 'dstcounter');
    const insert = async (iso: string) => {
      const time = new Date(iso);
      await models.Post.create({
        id: ulid(time.getTime()),
        authorId: ada.id,
        text: `dirigible spotted at ${iso}`,
        visibility: 'public',
        groupId: null,
        inReplyToId: null,
        inReplyToAuthorId: null,
        threadRootId: null,
        repostOfId: null,
        conversationId: null,
        language: null,
        createdAt: time,
        updatedAt: time,
      });
    };
    // Paris: clocks go forward on 2026-03-29 (a 23-hour day) and back on 2026-10-25 (25 hours).
    await insert('2026-03-28T23:30:00.000Z'); // 00:30 on the 29th, still UTC+1
    await insert('2026-03-29T21:30:00.000Z'); // 23:30 on the 29th, now UTC+2
    await insert('2026-03-29T22:30:00.000Z'); // 00:30 on the 30th
    await insert('2026-10-24T22:30:00.000Z'); // 00:30 on the 25th, UTC+2
    await insert('2026-10-25T22:30:00.000Z'); // 23:30 on the 25th, back to UTC+1: the 25-hour day's last hour
    await insert('2026-10-25T23:30:00.000Z'); // 00:30 on the 26th
    const counts = await container().search.keywordCounts({
      viewerId: counter.id,
      query: 'dirigible',
      from: new Date('2026-03-28T00:00:00.000Z'),
      to: new Date('2026-10-27T00:00:00.000Z'),
      timeZone: 'Europe/Paris',
    });
    const nonZero = counts.filter((row) => row.count > 0);
    expect(nonZero).to.deep.equal([
      { day: '2026-03-29', count: 2 },
      { day: '2026-03-30', count: 1 },
      { day: '2026-10-25', count: 2 },
      { day: '2026-10-26', count: 1 },
    ]);
    expect(counts[0]?.day).to.equal('2026-03-28');
    expect(counts.at(-1)?.day).to.equal('2026-10-27');
  });
});
