/**
 * The shared Redis of a multi-node installation (redis.url): one command
 * client for rate limits and readiness, and duplicates for the Socket.IO
 * adapter's publish and subscribe sides. Absent on a single node, where
 * nothing here is loaded or needed.
 */
import { createClient } from 'redis';
import type { Logger } from '../logging/logger.js';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnection {
  client: RedisClient;
  keyPrefix: string;
  /** A new connection with the same settings (a subscriber needs its own). */
  duplicate(): Promise<RedisClient>;
  close(): Promise<void>;
}

export async function connectRedis(url: string, keyPrefix: string, logger: Logger): Promise<RedisConnection> {
  const extra: RedisClient[] = [];
  const watch = (client: RedisClient, role: string) => {
    // Without a listener node-redis throws on connection errors; it reconnects by itself.
    client.on('error', (error: unknown) => logger.warn({ err: error, role }, 'redis connection error'));
    return client;
  };
  const client = watch(createClient({ url }), 'commands');
  await client.connect();
  return {
    client,
    keyPrefix,
    duplicate: async () => {
      const copy = watch(client.duplicate(), 'duplicate');
      await copy.connect();
      extra.push(copy);
      return copy;
    },
    close: async () => {
      await Promise.allSettled([client, ...extra].map((c) => (c.isOpen ? c.close() : Promise.resolve())));
    },
  };
}
