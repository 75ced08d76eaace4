/**
 * The Socket.IO Redis adapter fires commands and forgets them: it neither
 * awaits nor catches `publish` (on every broadcast) or its (un)subscribe
 * calls (at start and close), the same as its emitter
 * (socketio/socket.io-redis-emitter#139). While Redis is gone each would
 * become an unhandled rejection, which ends a Node.js process. The adapter
 * is handed this view of its clients instead: the same connection, whose
 * fire-and-forget commands always settle and report a failure. Sockets on
 * this node still get every event (the adapter delivers locally first);
 * sockets on other nodes miss it and catch up by replaying from their newest
 * id when they resubscribe or reload. node-redis itself subscribes again
 * after a reconnection.
 */
import type { RedisClient } from './redis-connection.js';

const FIRE_AND_FORGET = new Set<string | symbol>(['publish', 'subscribe', 'unsubscribe', 'pSubscribe', 'pUnsubscribe', 'sSubscribe', 'sUnsubscribe', 'sPublish']);

type Command = (...args: unknown[]) => Promise<unknown>;

export function settlingClient(client: RedisClient, onFailure: (command: string, error: unknown) => void): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      // node-redis methods use private fields: they must run on the client itself, not on this proxy.
      const bound = (value as Command).bind(target);
      if (!FIRE_AND_FORGET.has(property)) return bound;
      return (...args: unknown[]) =>
        bound(...args).catch((error: unknown) => {
          onFailure(String(property), error);
          return 0;
        });
    },
  });
}
