/**
 * The shared Redis of a multi-node installation (redis.url): one command
 * client for rate limits and readiness, and duplicates for the Socket.IO
 * adapter's publish and subscribe sides. Absent on a single node, where
 * nothing here is loaded or needed.
 *
 * Redis may go away at any time; a node must keep serving without it. So
 * every client reconnects forever, and commands fail at once while Redis is
 * gone instead of waiting in an offline queue (where each would time out
 * seconds later, long after its caller stopped listening).
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

/** Longest wait between two reconnection attempts, so a node notices a returning Redis within seconds. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/** A command on a live connection that gets no reply within this is failed (a half-open connection). */
const COMMAND_TIMEOUT_MS = 2_000;

/** Exponential, capped, and never giving up (node-redis's default stops on a socket timeout). */
function reconnectDelay(retries: number): number {
  return Math.min(2 ** retries * 50, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100);
}

export async function connectRedis(url: string, keyPrefix: string, logger: Logger): Promise<RedisConnection> {
  const extra: RedisClient[] = [];
  const watch = (client: RedisClient, role: string) => {
    let available = true;
    // Without an error listener node-redis throws on connection errors. One warning per outage, not one per retry.
    client.on('error', (error: unknown) => {
      if (available) logger.warn({ err: error, role }, 'redis unavailable: live events across nodes paused, sign-in limits per node');
      available = false;
    });
    client.on('ready', () => {
      if (!available) logger.warn({ role }, 'redis available again');
      available = true;
    });
    return client;
  };
  const client = watch(
    createClient({
      url,
      disableOfflineQueue: true,
      commandOptions: { timeout: COMMAND_TIMEOUT_MS },
      socket: { reconnectStrategy: reconnectDelay },
    }),
    'commands',
  );
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
