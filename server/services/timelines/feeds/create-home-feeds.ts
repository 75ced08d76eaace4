/**
 * Chooses where home feeds are kept (timelines.homeFeeds) and wires the
 * store, the fan-out sink and the reader together.
 *
 * auto: Redis when redis.url is set (every node shares it); this process's
 * memory on SQLite (one node); none on PostgreSQL without Redis, where
 * several nodes would each miss the posts written through the others.
 */
import { ConfigError } from '../../../config/config-error.js';
import type { WarbleConfig } from '../../../config/schema.js';
import type { ReadQueries } from '../../../db/read-queries.js';
import type { Logger } from '../../../logging/logger.js';
import type { AudienceRepository } from '../../../db/repositories/audience-repository.js';
import { IntervalJob } from '../../../jobs/interval-job.js';
import type { Metrics } from '../../../observability/metrics.js';
import type { RedisConnection } from '../../../realtime/redis-connection.js';
import type { EventPublisher } from '../../events.js';
import type { TimelineSources } from '../timeline-sources.js';
import { FeedAudience } from './feed-audience.js';
import { FeedWriter } from './feed-writer.js';
import { HomeFeedReader } from './home-feed-reader.js';
import type { HomeFeedStore } from './home-feed-store.js';
import { refreshMergedAuthors } from './merged-authors.js';
import { MemoryFeedStore } from './memory-feed-store.js';
import { RedisFeedStore } from './redis-feed-store.js';

export function homeFeedStoreFor(
  settings: WarbleConfig['timelines'],
  dialect: 'sqlite' | 'postgres',
  redis: RedisConnection | null,
): HomeFeedStore | null {
  const memory = () => new MemoryFeedStore({ feedSize: settings.feedSize, maxFeeds: settings.memoryFeeds });
  const shared = (connection: RedisConnection) =>
    new RedisFeedStore(connection, { feedSize: settings.feedSize, ttlSeconds: settings.feedTtlHours * 3600 });
  switch (settings.homeFeeds) {
    case 'off':
      return null;
    case 'memory':
      return memory();
    case 'redis':
      if (!redis) throw new ConfigError('timelines.homeFeeds (WARBLE_TIMELINES_HOME_FEEDS) is redis but redis.url (WARBLE_REDIS_URL) is not set');
      return shared(redis);
    case 'auto':
      if (redis) return shared(redis);
      return dialect === 'sqlite' ? memory() : null;
  }
}

export interface HomeFeeds {
  store: HomeFeedStore;
  reader: HomeFeedReader;
  writer: FeedWriter;
  /** Sets the high-water mark and the merged-on-read authors; call once before serving. */
  start(): Promise<void>;
  /** Recomputes the merged-on-read authors (a job does this every few minutes). */
  refreshMergedAuthors(): Promise<string[]>;
}

export interface HomeFeedDeps {
  store: HomeFeedStore;
  reads: ReadQueries;
  /** The follower and member reads live delivery makes too (one repository per process). */
  audience: AudienceRepository;
  sources: TimelineSources;
  events: EventPublisher;
  settings: WarbleConfig['timelines'];
  logger: Logger;
}

export function createHomeFeeds(deps: HomeFeedDeps): HomeFeeds {
  const writer = new FeedWriter(deps.store, new FeedAudience(deps.reads, deps.audience));
  deps.events.register(writer.sink);
  let lastWarning = 0;
  const reader = new HomeFeedReader(deps.store, writer, deps.sources, deps.settings.feedSize, (error) => {
    // One warning a minute while the store is away, not one per page.
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    deps.logger.warn({ err: error, store: deps.store.kind }, 'home feeds unavailable: home pages merged from the database');
  });
  const refresh = () => refreshMergedAuthors(deps.reads, deps.store, deps.settings.fanOutMaxFollowers);
  return {
    store: deps.store,
    reader,
    writer,
    start: async () => {
      const rows = await deps.reads.select<{ id: unknown }>('SELECT MAX(id) AS id FROM posts');
      await reader.start(rows[0]?.id == null ? '' : String(rows[0].id));
      await refresh();
    },
    refreshMergedAuthors: refresh,
  };
}

/**
 * Readies the feeds before the server answers, and returns the job that
 * refreshes the merged-on-read authors every ten minutes, for the caller to
 * start (servers do) and stop.
 */
export async function startHomeFeeds(feeds: HomeFeeds, deps: { feedSize: number; logger: Logger; metrics: Metrics }): Promise<IntervalJob> {
  await feeds.start();
  deps.logger.info({ store: feeds.store.kind, feedSize: deps.feedSize }, 'home feeds kept on write');
  const job = new IntervalJob({
    name: 'home-feed-merged-authors',
    intervalMs: 10 * 60_000,
    run: () => feeds.refreshMergedAuthors(),
    logger: deps.logger,
    metrics: deps.metrics,
  });
  return job;
}
