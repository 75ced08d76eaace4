/**
 * Chooses whether this node keeps the read caches (timelines.readCache) and
 * wires them: posts and accounts in front of the StatusPresenter's reads,
 * invalidated by events (read-cache-invalidation.ts).
 *
 * auto: on with SQLite (one node: every write's event reaches this process)
 * or with Redis (nodes pass invalidations on); off on PostgreSQL without
 * Redis, where a write on another node would show here only after the TTL.
 */
import type { WarbleConfig } from '../../config/schema.js';
import { CachedPostReads } from '../../db/cache/post-read-cache.js';
import type { CacheLookupListener } from '../../db/cache/record-cache.js';
import { CachedUserReads, type UserReads } from '../../db/cache/user-read-cache.js';
import type { PostReadRepository } from '../../db/repositories/post-read-repository.js';
import type { Logger } from '../../logging/logger.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { ReadCacheInvalidation } from './read-cache-invalidation.js';

export interface ReadCacheSettings {
  timelines: Pick<WarbleConfig['timelines'], 'readCache' | 'readCacheTtlSeconds' | 'readCacheEntries' | 'readCacheAccounts'>;
  dialect: 'sqlite' | 'postgres';
  redis: RedisConnection | null;
  /** This process, so a node ignores its own broadcasts. */
  nodeId: string;
  logger: Logger;
  onLookup?: CacheLookupListener;
}

export interface ReadCaches {
  posts: CachedPostReads;
  users: CachedUserReads;
  invalidation: ReadCacheInvalidation;
}

export function readCacheEnabled(settings: Pick<ReadCacheSettings, 'timelines' | 'dialect' | 'redis'>): boolean {
  switch (settings.timelines.readCache) {
    case 'on':
      return true;
    case 'off':
      return false;
    case 'auto':
      return settings.redis !== null || settings.dialect === 'sqlite';
  }
}

export function createReadCaches(posts: PostReadRepository, users: UserReads, settings: ReadCacheSettings): ReadCaches | null {
  if (!readCacheEnabled(settings)) return null;
  const options = { maxEntries: settings.timelines.readCacheEntries, ttlMs: settings.timelines.readCacheTtlSeconds * 1000 };
  const cachedPosts = new CachedPostReads(posts, options, settings.onLookup);
  const cachedUsers = new CachedUserReads(users, { ...options, maxEntries: settings.timelines.readCacheAccounts }, settings.onLookup);
  const invalidation = new ReadCacheInvalidation([cachedPosts, cachedUsers], {
    redis: settings.redis,
    nodeId: settings.nodeId,
    logger: settings.logger,
  });
  return { posts: cachedPosts, users: cachedUsers, invalidation };
}
