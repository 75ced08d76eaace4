/**
 * The Socket.IO Redis adapter publishes and forgets: it neither awaits nor
 * catches `publish` (the same as its emitter, socketio/socket.io-redis-emitter#139).
 * While Redis is gone every broadcast would become an unhandled rejection,
 * which ends a Node.js process. The adapter is handed this view of its
 * client instead: the same connection, whose publish always settles and
 * reports a failure. Sockets on this node still get the event (the adapter
 * delivers locally first); sockets on other nodes miss it and catch up by
 * replaying from their newest id when they resubscribe or reload.
 */
import type { RedisClient } from './redis-connection.js';

export function settlingPublisher(client: RedisClient, onFailure: (error: unknown) => void): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') {
        return (...args: Parameters<RedisClient['publish']>) =>
          target.publish(...args).catch((error: unknown) => {
            onFailure(error);
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, property, target);
      // node-redis methods use private fields: they must run on the client itself, not on this proxy.
      return typeof value === 'function' && property !== 'constructor' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
