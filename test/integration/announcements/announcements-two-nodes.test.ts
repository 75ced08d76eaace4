/**
 * Two Warble nodes in one process sharing a database and Redis (the official
 * Socket.IO adapter): an announcement published through node A reaches a
 * member's socket on node B, an acknowledgement on B clears the person's tab
 * on A, and the figures followed on A climb when someone acknowledges on B.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { loadConfig } from '../../../server/config/load-config.js';
import { createLogger } from '../../../server/logging/logger.js';
import { startServer, type RunningServer } from '../../../server/main.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { api, connect, nextEvent, subscribe, type LiveClient } from '../realtime/realtime-world.js';
import { announcementWorld, type AnnouncementWorld, type Colleague } from './announcement-world.js';

const REDIS_URL = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('announcements across two nodes (Redis)', function () {
  this.timeout(30_000);
  const keyPrefix = `warble-test-${randomBytes(4).toString('hex')}:`;
  const nodes: RunningServer[] = [];
  const sockets: LiveClient[] = [];
  let database: TestDatabase;
  let world: AnnouncementWorld;
  const open = async (node: number, who: Colleague) => {
    const socket = await connect(nodes[node]!.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i += 1) {
      const config = loadConfig({
        env: {
          WARBLE_DATA_DIR: database.dataDir,
          WARBLE_DATABASE_URL: database.url,
          WARBLE_PORT: '0',
          WARBLE_LOG_LEVEL: process.env.WARBLE_TEST_LOG_LEVEL ?? 'silent',
          WARBLE_REDIS_URL: REDIS_URL,
          WARBLE_REDIS_KEY_PREFIX: keyPrefix,
        },
        cwd: database.dataDir,
      });
      nodes.push(await startServer(config, createLogger(config.logLevel)));
    }
    world = await announcementWorld(nodes[0]!.container);
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    for (const node of nodes) await node.stop();
    await database?.drop();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  it('publishing on one node reaches the audience, clears tabs and climbs the figures on the other', async () => {
    const [bobOnB, bobOnA, hrOnA] = [await open(1, world.bob), await open(0, world.bob), await open(0, world.hr)];
    const arrived = nextEvent(bobOnB, 'announcement');
    const created = await api<{ id: string }>(nodes[0]!.url, world.hr.token, 'POST', '/api/v1/announcements', { text: 'Across nodes', group_ids: [world.salesId] });
    expect((await arrived).announcement.id).to.equal(created.id);

    expect(await subscribe(hrOnA, `announcement:${created.id}`)).to.include({ ok: true });
    const figures = nextEvent(hrOnA, 'announcement.stats', (event) => event.acknowledged === 1);
    const cleared = nextEvent(bobOnA, 'announcement.removed');
    await api(nodes[1]!.url, world.bob.token, 'POST', `/api/v1/announcements/${created.id}/dismiss`);
    expect(await cleared).to.deep.equal({ id: created.id, reason: 'acknowledged' });
    expect(await figures).to.include({ id: created.id, acknowledged: 1, delivered: 3 });
  });
});
