/**
 * What one signed-in home page (GET /) costs the database, counted at the
 * drivers (statements, never time): no `PRAGMA table_info` (Sequelize's
 * per-model-query lookup, answered from a cache on SQLite), and a bounded
 * number of statements with everything beside the timeline on the page:
 * an unread notification, a group in the compose box, an announcement in the
 * banner, a trending box. And the boxes' cache rules, on a real database:
 * what is published or withdrawn on this node shows on the next page, an
 * acknowledgement clears the banner for that person at once, and what this
 * node is not told about (another node's write) shows once the shared list
 * expires; a new trend shows once the trends expire.
 */
import { expect } from 'chai';
import { ulid } from 'ulid';
import { createReadQueries } from '../../../server/db/read-queries.js';
import { ActiveAnnouncements } from '../../../server/services/announcements/active-announcements.js';
import { TrendsService } from '../../../server/services/trends/trends-service.js';
import { viewerContext } from '../../../server/domain/visibility/index.js';
import { announcementWorld, type AnnouncementWorld, type Colleague } from '../announcements/announcement-world.js';
import { ApiClient } from '../../helpers/api-client.js';
import { logStatements } from '../../helpers/statement-log.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { postAt } from '../trends/trends-world.js';

/**
 * Measured: 17 on PostgreSQL without Redis, where the read cache is off
 * (session, person, memberships; the badge's unread rows, their posts and,
 * since suspended authors' posts are hidden, their authors; follows; compose
 * groups, publishers; banner receipts; the timeline's ids and hydration);
 * fewer on SQLite, where cached posts and authors are not read again. A change
 * that adds statements to every page must raise this deliberately.
 */
const MAX_HOME_STATEMENTS = 17;

describe('the home page: statements and side boxes', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let world: AnnouncementWorld;
  const browsers = new Map<string, WebClient>();
  const browserOf = async (who: Colleague) => {
    const known = browsers.get(who.username);
    if (known) return known;
    const client = new WebClient(testApp);
    expect((await client.signIn(who.username, who.password)).status).to.equal(302);
    browsers.set(who.username, client);
    return client;
  };
  const as = (who: Colleague) => ApiClient.withToken(testApp, who.token);
  const pinned = (html: string, id: string) => html.includes(`data-announcement-id="${id}"`);

  before(async () => {
    testApp = await startTestApp();
    world = await announcementWorld(testApp.container);
    // Bob follows Carol, who writes about #launch and mentions him (an unread notification); Bob is in Sales (the compose box's group).
    await as(world.bob).post(`/api/v1/accounts/${world.carol.id}/follow`).expect(200);
    for (let i = 0; i < 25; i += 1) await as(world.carol).post('/api/v1/statuses', { status: `Update ${i} on #launch for @bob` }).expect(200);
  });
  after(async () => testApp?.close());

  it('GET / sends no PRAGMA table_info and at most a fixed number of statements', async () => {
    await as(world.hr).post('/api/v1/announcements', { text: 'Everyone: badges renew Monday' }).expect(200);
    const bob = await browserOf(world.bob);
    // Warm: the first views fill per-node caches and mark the banner seen (a write, once per person).
    await bob.get('/').expect(200);
    await bob.get('/').expect(200);
    const log = logStatements();
    let html: string;
    try {
      html = (await bob.get('/').expect(200)).text;
    } finally {
      log.stop();
    }
    // The page really carries what is counted: posts, the badge, a group to post to, the banner, the box.
    expect(html).to.contain('Update 24 on');
    expect(html).to.contain('badges renew Monday');
    expect(html).to.contain('Sales');
    expect(html).to.contain('data-testid="trending-box"');
    const pragmas = log.statements.filter((sql) => /^PRAGMA\s+table_info/i.test(sql));
    expect(pragmas, log.statements.join('\n')).to.deep.equal([]);
    expect(log.statements.length, log.statements.join('\n')).to.be.at.most(MAX_HOME_STATEMENTS);
    expect(log.statements.length).to.be.at.least(5);
  });

  it('an announcement published or withdrawn on this node shows or goes on the very next page', async () => {
    const bob = await browserOf(world.bob);
    const eve = await browserOf(world.eve);
    await bob.get('/').expect(200);
    const id = (await as(world.hr).post('/api/v1/announcements', { text: 'Sales: quarter closes Friday', group_ids: [world.salesId] }).expect(200)).body.id as string;
    expect(pinned((await bob.get('/').expect(200)).text, id)).to.equal(true);
    // Addressed to Sales only: Eve, outside it, never sees it.
    expect(pinned((await eve.get('/').expect(200)).text, id)).to.equal(false);
    await as(world.hr).delete(`/api/v1/announcements/${id}`).expect(200);
    expect(pinned((await bob.get('/').expect(200)).text, id)).to.equal(false);
  });

  it('acknowledging clears the banner for that person at once, and only for them', async () => {
    const bob = await browserOf(world.bob);
    const carol = await browserOf(world.carol);
    const id = (await as(world.hr).post('/api/v1/announcements', { text: 'Fire drill at noon', group_ids: [world.salesId] }).expect(200)).body.id as string;
    expect(pinned((await bob.get('/').expect(200)).text, id)).to.equal(true);
    expect((await bob.submit('/', `/announcements/${id}/acknowledge`, {})).status).to.equal(302);
    expect(pinned((await bob.get('/').expect(200)).text, id)).to.equal(false);
    expect(pinned((await carol.get('/').expect(200)).text, id)).to.equal(true);
  });

  it('what another node publishes shows here once the shared list expires', async () => {
    let now = Date.now();
    // The same reads through Sequelize's connection: this test's own list, with a clock it moves.
    const active = new ActiveAnnouncements(createReadQueries(testApp.container.sequelize, { busyTimeoutMs: 1_000 }), { ttlMs: 5_000, clock: () => now });
    const before = await active.current();
    // Written behind this node's back (no event here), as another node's publication would be.
    const id = ulid();
    const at = new Date();
    await testApp.container.models.Announcement.create({ id, authorId: world.hr.id, text: 'From node B', html: '<p>From node B</p>', everyone: true, startsAt: at, endsAt: null, createdAt: at, updatedAt: at });
    expect((await active.current()).map((item) => item.id)).to.deep.equal(before.map((item) => item.id));
    now += 5_001;
    const after = await active.current();
    expect(after.map((item) => item.id)).to.include(id);
    expect(after.find((item) => item.id === id)).to.include({ authorName: 'HANNA', everyone: true });
    // An end that passes drops it at read time, without waiting for the list to expire.
    await testApp.container.models.Announcement.update({ endsAt: new Date(now + 1_000) }, { where: { id } });
    active.invalidate();
    expect((await active.current()).map((item) => item.id)).to.include(id);
    now += 2_000;
    expect((await active.current()).map((item) => item.id)).to.not.include(id);
  });

  it('a new trend shows once the cached trends expire, without a reader waiting for the recomputation', async () => {
    let now = Date.now();
    const { sequelize, models, core } = testApp.container;
    const trends = new TrendsService(createReadQueries(sequelize, { busyTimeoutMs: 1_000 }), models, core.statuses, { ttlMs: 60_000, clock: () => now });
    const viewer = viewerContext({ kind: 'user', id: world.bob.id, isAdmin: false, isModerator: false, isActive: true });
    const request = { window: '24h' as const, groupId: null, limit: 5 };
    const names = async () => (await trends.trendingTags(viewer, request)).map((tag) => tag.name);
    expect(await names()).to.not.include('offsite');
    for (const who of [world.bob, world.carol, world.eve]) await postAt(models, { authorId: who.id, hoursAgo: 1, tags: ['offsite'] });
    expect(await names(), 'cached for the TTL').to.not.include('offsite');
    now += 60_001;
    // The first reader after expiry still gets the previous value at once; one refresh runs behind it.
    expect(await names()).to.not.include('offsite');
    let seen = false;
    for (let attempt = 0; attempt < 200 && !seen; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = (await names()).includes('offsite');
    }
    expect(seen, 'the refreshed trends list the new tag').to.equal(true);
  });
});
