/**
 * A test app whose home timelines come from feeds kept on write (memory or
 * Redis), beside a second container on the same database that merges every
 * home page from the database: the reference a feed must agree with.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { WarbleConfig } from '../../../server/config/schema.js';
import { buildContainer, type Container } from '../../../server/container.js';
import type { UserModel } from '../../../server/db/models/user.js';
import { createLogger } from '../../../server/logging/logger.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import type { PageCursor } from '../../../server/services/timelines/page-query.js';
import type { HomeFeeds } from '../../../server/services/timelines/feeds/create-home-feeds.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

export const REDIS_URL = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type FeedKind = 'memory' | 'redis';

export interface FeedWorld {
  testApp: TestApp;
  feeds: HomeFeeds;
  /** The same database, no feeds: every home page merged from the database. */
  reference: Container;
  /** Home page ids through the feeds. */
  home(user: UserModel, cursor?: Partial<PageCursor>): Promise<string[]>;
  /** Home page ids merged from the database. */
  merged(user: UserModel, cursor?: Partial<PageCursor>): Promise<string[]>;
  /** The ids the person's feed holds now (newest first), or null when there is none. */
  held(user: UserModel): Promise<string[] | null>;
  close(): Promise<void>;
}

export async function startFeedWorld(kind: FeedKind, env: Record<string, string> = {}): Promise<FeedWorld> {
  const keyPrefix = `warble-test-feeds-${randomBytes(4).toString('hex')}:`;
  const testApp = await startTestApp({
    WARBLE_TIMELINES_HOME_FEEDS: kind,
    WARBLE_TIMELINES_FEED_SIZE: '20',
    WARBLE_TIMELINES_FAN_OUT_MAX_FOLLOWERS: '3',
    ...(kind === 'redis' ? { WARBLE_REDIS_URL: REDIS_URL, WARBLE_REDIS_KEY_PREFIX: keyPrefix } : {}),
    ...env,
  });
  const feeds = testApp.container.core.homeFeeds;
  if (!feeds || feeds.store.kind !== kind) throw new Error(`expected ${kind} home feeds`);
  const referenceConfig: WarbleConfig = {
    ...testApp.config,
    redis: { ...testApp.config.redis, url: '' },
    // The reference reads everything from the database: no feeds, no read cache.
    timelines: { ...testApp.config.timelines, homeFeeds: 'off', readCache: 'off' },
  };
  const reference = await buildContainer(referenceConfig, createLogger('silent'), { migrate: false, backgroundJobs: false, processMetrics: false });
  if (reference.core.homeFeeds) throw new Error('the reference must merge on read');
  const page = async (container: Container, user: UserModel, cursor: Partial<PageCursor>) => {
    const fresh = await container.models.User.findByPk(user.id);
    const viewer = await loadViewerContext(container.models, fresh);
    const result = await container.core.timelines.home(viewer, { limit: 20, ...cursor }, 'http://warble.test');
    return result.statuses.map((status) => status.id);
  };
  return {
    testApp,
    feeds,
    reference,
    home: (user, cursor = {}) => page(testApp.container, user, cursor),
    merged: (user, cursor = {}) => page(reference, user, cursor),
    held: async (user) => (await feeds.store.read(user.id, { ascending: false, count: 10_000 })).feed?.ids ?? null,
    close: async () => {
      await reference.close();
      await testApp.close();
      if (kind === 'redis') {
        const redis = createClient({ url: REDIS_URL });
        await redis.connect();
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(keys);
        await redis.close();
      }
    },
  };
}
