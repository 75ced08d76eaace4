/**
 * Keeps the read caches (server/db/cache/) fresh on every node.
 *
 * An event sink: each event published after a write drops the records it
 * makes stale (read-cache-keys.ts) on this node at once, then tells the other
 * nodes on a Redis channel (`<redis.keyPrefix>read-cache`), where each drops
 * the same keys. Events reach the sinks only on the node that made the write,
 * hence the channel.
 *
 * When Redis goes away, messages published meanwhile are lost: a node whose
 * subscription comes back drops everything it holds, and every entry expires
 * after timelines.readCacheTtlSeconds anyway, which bounds how long a node cut
 * off from Redis can show a stale record.
 */
import type { InvalidatedCache, StaleRecords } from '../../db/cache/stale-records.js';
import type { WrittenRecords } from '../../db/cache/model-write-hooks.js';
import type { Logger } from '../../logging/logger.js';
import type { RedisClient, RedisConnection } from '../../realtime/redis-connection.js';
import type { WarbleEventName, WarbleEvents } from '../events.js';
import { staleRecordsOf } from './read-cache-keys.js';

interface Message {
  /** The publishing node: it already dropped these records. */
  from: string;
  written: WrittenRecords;
}

const KINDS: ReadonlyArray<keyof StaleRecords> = ['posts', 'users', 'groups'];
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function isWritten(value: unknown): value is WrittenRecords {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if ('all' in record) return KINDS.includes(record.all as keyof StaleRecords);
  return KINDS.every((kind) => isStringArray(record[kind]));
}

function parse(raw: string): Message | null {
  try {
    const value = JSON.parse(raw) as Partial<Message>;
    return typeof value.from === 'string' && isWritten(value.written) ? (value as Message) : null;
  } catch {
    return null;
  }
}

export class ReadCacheInvalidation {
  private readonly channel: string;
  private subscriber: RedisClient | null = null;

  constructor(
    private readonly caches: readonly InvalidatedCache[],
    private readonly options: { redis: RedisConnection | null; nodeId: string; logger: Logger },
  ) {
    this.channel = `${options.redis?.keyPrefix ?? ''}read-cache`;
  }

  /** Registered with the EventPublisher. */
  readonly sink = <K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> => {
    const stale = staleRecordsOf(name, payload);
    return stale ? this.tell(stale) : Promise.resolve();
  };

  /**
   * Drops the records here at once, then tells the other nodes. Never
   * throws: a message lost with Redis is covered by the TTL.
   */
  async tell(written: WrittenRecords): Promise<void> {
    this.drop(written);
    const redis = this.options.redis;
    if (!redis) return;
    const message: Message = { from: this.options.nodeId, written };
    try {
      await redis.client.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'read cache invalidation not sent to other nodes (they expire it)');
    }
  }

  /** Subscribes to the other nodes' invalidations (when Redis is configured); call once at start. */
  async listen(): Promise<void> {
    const redis = this.options.redis;
    if (!redis || this.subscriber) return;
    const subscriber = await redis.duplicate();
    await subscriber.subscribe(this.channel, (raw) => {
      const message = parse(raw);
      if (message && message.from !== this.options.nodeId) this.drop(message.written);
    });
    // Connected already: every later `ready` is a reconnection, after which invalidations may have been missed.
    subscriber.on('ready', () => this.clear());
    this.subscriber = subscriber;
  }

  private drop(written: WrittenRecords): void {
    for (const cache of this.caches) {
      if ('all' in written) cache.dropKind(written.all);
      else cache.drop(written);
    }
  }

  clear(): void {
    for (const cache of this.caches) cache.clear();
  }
}
