/**
 * Two nodes in one process sharing the database and Redis, each with its own
 * read cache: node B, its timeline cached, shows node A's edit, suspension
 * and rename as soon as A's invalidation arrives on the Redis channel. The
 * caches' time-to-live is set far beyond the test, so nothing else could
 * refresh B. When B loses Redis, it misses A's message; once its connection
 * is back it drops everything it held and shows the change.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { WarbleConfig } from '../../../server/config/schema.js';
import { buildContainer, type Container } from '../../../server/container.js';
import type { UserModel } from '../../../server/db/models/user.js';
import { createLogger } from '../../../server/logging/logger.js';
import { createModerationServices } from '../../../server/services/moderation/moderation-services.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { switchableProxy, type SwitchableProxy } from '../realtime/switchable-proxy.js';

const REDIS_URL = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'two node cache password';

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('read caches on two nodes sharing Redis', function () {
  this.timeout(60_000);
  const keyPrefix = `warble-test-cache-${randomBytes(4).toString('hex')}:`;
  let nodeA: TestApp;
  let nodeB: Container;
  let proxy: SwitchableProxy;
  let author: UserModel;
  let reader: UserModel;
  let admin: UserModel;

  /** The company timeline as node B shows it to the reader: text and author name of each post. */
  const companyOnB = async () => {
    const viewer = await loadViewerContext(nodeB.models, await nodeB.models.User.findByPk(reader.id));
    const page = await nodeB.core.timelines.company(viewer, { limit: 20 }, 'http://warble.test');
    return page.statuses.map((status) => ({ id: status.id, content: status.content, name: (status.account as { display_name: string }).display_name }));
  };
  const postOnA = async (text: string) => {
    const viewer = await loadViewerContext(nodeA.container.models, author);
    return nodeA.container.core.posts.create.create(viewer, { text });
  };
  const warmB = async (id: string) => {
    await companyOnB();
    expect((await companyOnB()).map((status) => status.id)).to.include(id);
  };

  before(async () => {
    const redisPort = Number(new URL(REDIS_URL).port || 6379);
    proxy = await switchableProxy(redisPort);
    const caches = { WARBLE_TIMELINES_READ_CACHE: 'on', WARBLE_TIMELINES_READ_CACHE_TTL_SECONDS: '3600' };
    nodeA = await startTestApp({ WARBLE_REDIS_URL: REDIS_URL, WARBLE_REDIS_KEY_PREFIX: keyPrefix, ...caches });
    // Node B reaches the same Redis through a proxy the test can cut.
    const configB: WarbleConfig = { ...nodeA.config, redis: { ...nodeA.config.redis, url: `redis://127.0.0.1:${new URL(proxy.url).port}` } };
    nodeB = await buildContainer(configB, createLogger('silent'), { migrate: false, backgroundJobs: false, processMetrics: false });
    const { localUsers, core } = nodeA.container;
    admin = await localUsers.create({ username: 'two_node_root', password: PASSWORD, isAdmin: true });
    author = await localUsers.create({ username: 'two_node_author', password: PASSWORD });
    reader = await localUsers.create({ username: 'two_node_reader', password: PASSWORD });
    await core.follows.follow(reader, author.id);
  });

  after(async () => {
    await nodeB?.close();
    await nodeA?.close();
    await proxy?.close();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  it("node B shows node A's edit on its cached timeline", async () => {
    const id = await postOnA('first draft from node A');
    await warmB(id);
    const viewer = await loadViewerContext(nodeA.container.models, author);
    await nodeA.container.core.posts.edit.edit(viewer, id, { text: 'final text from node A' });
    await eventually(async () => (await companyOnB()).find((status) => status.id === id)?.content.includes('final text from node A') === true, 'B shows the edit');
  });

  it("node B drops a post of an author suspended on node A, and shows a rename made on A", async () => {
    const { sequelize, models, core, audit, revoker } = nodeA.container;
    const id = await postOnA('said before the rename');
    await warmB(id);
    // A write with no use case behind it (the model-write safety net) travels the same channel.
    await models.User.update({ displayName: 'Renamed On Node A' }, { where: { id: author.id } });
    await eventually(async () => (await companyOnB()).find((status) => status.id === id)?.name === 'Renamed On Node A', 'B shows the new name');
    const moderation = createModerationServices({ sequelize, models, events: core.events, audit, revoker, posts: core.posts });
    await moderation.suspension.suspend({ user: admin }, author.id);
    await eventually(async () => !(await companyOnB()).some((status) => status.id === id), "B drops the suspended author's post");
    await moderation.suspension.reinstate({ user: admin }, author.id);
    await eventually(async () => (await companyOnB()).some((status) => status.id === id), 'B shows the post again');
  });

  it('node B, cut off from Redis while A edits, drops its cache once Redis is back', async () => {
    const id = await postOnA('written before the outage');
    await warmB(id);
    proxy.sever();
    const viewer = await loadViewerContext(nodeA.container.models, author);
    await nodeA.container.core.posts.edit.edit(viewer, id, { text: 'edited during the outage' });
    await nodeA.container.core.events.drain(5_000);
    // B never heard of the edit: its cache (an hour's TTL here) still holds the old row.
    expect((await companyOnB()).find((status) => status.id === id)?.content).to.contain('written before the outage');
    proxy.forwardTo(Number(new URL(REDIS_URL).port || 6379));
    await eventually(async () => (await companyOnB()).find((status) => status.id === id)?.content.includes('edited during the outage') === true, 'B shows the edit after reconnecting');
  });
});
