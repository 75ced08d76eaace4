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
import { ConfigError } from '../config/config-error.js';
import { printableUrl } from '../config/printable-url.js';
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

/** Exponential and capped (node-redis's default stops for good on a socket timeout). */
function reconnectDelay(retries: number): number {
  return Math.min(2 ** retries * 50, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100);
}

export interface RedisSettings {
  url: string;
  keyPrefix: string;
  /** At start only: how long to retry before giving up (once started, a node never gives up on Redis). */
  connectTimeoutSeconds: number;
}

export async function connectRedis(settings: RedisSettings, logger: Logger): Promise<RedisConnection> {
  const address = printableUrl(settings.url);
  const deadline = Date.now() + settings.connectTimeoutSeconds * 1000;
  let started = false;
  const reconnectStrategy = (retries: number, cause: Error): number | Error => {
    if (started) return reconnectDelay(retries);
    if (Date.now() >= deadline) return cause;
    logger.warn({ address, attempt: retries + 1, reason: cause.message }, 'waiting for redis');
    return Math.min(reconnectDelay(retries), Math.max(0, deadline - Date.now()));
  };
  const extra: RedisClient[] = [];
  const watch = (client: RedisClient, role: string) => {
    let available = false;
    // Without an error listener node-redis throws on connection errors. One warning per outage, not one per retry.
    client.on('error', (error: unknown) => {
      if (available) logger.warn({ err: error, role }, 'redis unavailable: live events across nodes paused, sign-in limits per node');
      available = false;
    });
    client.on('ready', () => {
      if (started && !available) logger.warn({ role }, 'redis available again');
      available = true;
    });
    return client;
  };
  const client = watch(
    createClient({
      url: settings.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: COMMAND_TIMEOUT_MS },
      socket: { reconnectStrategy },
    }),
    'commands',
  );
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(
      `redis.url (WARBLE_REDIS_URL): Redis at ${address} did not answer within ${settings.connectTimeoutSeconds} s ` +
        `(redis.connectTimeoutSeconds, WARBLE_REDIS_CONNECT_TIMEOUT_SECONDS): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  started = true;
  return {
    client,
    keyPrefix: settings.keyPrefix,
    duplicate: async () => {
      const copy = watch(client.duplicate(), 'duplicate');
      await copy.connect();
      extra.push(copy);
      return copy;
    },
    close: async () => {
      await Promise.allSettled([client, ...extra].map(closeRedisClient));
    },
  };
}

/**
 * Ends a client at shutdown. close() waits for queued commands to be
 * answered, which never happens while Redis is gone: a client that is not
 * connected has nothing to flush, so it is destroyed instead.
 */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (client.isReady) await client.close();
  else client.destroy();
}

