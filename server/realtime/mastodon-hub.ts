/**
 * The Mastodon-streaming connections of this node (WebSocket and
 * server-sent events alike), indexed by room, so the fan-out delivers a
 * Mastodon event to the same rooms it gives Socket.IO. Another node's
 * events arrive through Socket.IO's inter-server channel (see fan-out.ts).
 */
import type { MastodonDelivery } from './realtime-events.js';

/** One client connection: it may subscribe to several streams (WebSocket multiplexing). */
export interface MastodonConnection {
  userId: string;
  tokenId: string;
  /** Sends one event; `stream` is Mastodon's stream name list (`["user"]`, `["hashtag","x"]`). */
  send(stream: string[], event: MastodonDelivery['event'], payload: string): void;
  close(): void;
}

interface Subscription {
  connection: MastodonConnection;
  stream: string[];
}

export class MastodonHub {
  private readonly byRoom = new Map<string, Set<Subscription>>();
  private readonly byConnection = new Map<MastodonConnection, Map<string, Subscription>>();

  /** Subscribes `connection` to `rooms` under Mastodon's `stream` name. */
  add(connection: MastodonConnection, stream: string[], rooms: readonly string[]): void {
    let mine = this.byConnection.get(connection);
    if (!mine) {
      mine = new Map();
      this.byConnection.set(connection, mine);
    }
    for (const room of rooms) {
      const subscription: Subscription = { connection, stream };
      mine.set(`${stream.join('\u0000')}\u0001${room}`, subscription);
      let set = this.byRoom.get(room);
      if (!set) {
        set = new Set();
        this.byRoom.set(room, set);
      }
      set.add(subscription);
    }
  }

  /** Removes one stream of a connection (all of them when `stream` is omitted). */
  remove(connection: MastodonConnection, stream?: string[]): void {
    const mine = this.byConnection.get(connection);
    if (!mine) return;
    const prefix = stream ? `${stream.join('\u0000')}\u0001` : '';
    for (const [key, subscription] of mine) {
      if (!key.startsWith(prefix)) continue;
      mine.delete(key);
      const room = key.slice(key.indexOf('\u0001') + 1);
      const set = this.byRoom.get(room);
      set?.delete(subscription);
      if (set?.size === 0) this.byRoom.delete(room);
    }
    if (mine.size === 0) this.byConnection.delete(connection);
  }

  /** Removes every subscription of `connection` to rooms starting with `roomPrefix`. */
  removeRooms(connection: MastodonConnection, roomPrefix: string): void {
    const mine = this.byConnection.get(connection);
    if (!mine) return;
    for (const [key, subscription] of mine) {
      const room = key.slice(key.indexOf('\u0001') + 1);
      if (!room.startsWith(roomPrefix)) continue;
      mine.delete(key);
      this.byRoom.get(room)?.delete(subscription);
    }
  }

  /** Delivers to every subscription in `rooms` (`*`: all), once per connection and stream. */
  deliver(delivery: MastodonDelivery): void {
    const sent = new Map<MastodonConnection, Set<string>>();
    const everyone = delivery.rooms.includes('*');
    const rooms = everyone ? [...this.byRoom.keys()] : delivery.rooms;
    for (const room of rooms) {
      for (const subscription of this.byRoom.get(room) ?? []) {
        const name = subscription.stream.join('\u0000');
        let streams = sent.get(subscription.connection);
        if (!streams) {
          streams = new Set();
          sent.set(subscription.connection, streams);
        }
        if (streams.has(name)) continue;
        streams.add(name);
        subscription.connection.send(subscription.stream, delivery.event, delivery.payload);
      }
    }
  }

  connections(filter: (connection: MastodonConnection) => boolean): MastodonConnection[] {
    return [...this.byConnection.keys()].filter(filter);
  }

  get size(): number {
    return this.byConnection.size;
  }

  closeAll(): void {
    for (const connection of [...this.byConnection.keys()]) connection.close();
    this.byConnection.clear();
    this.byRoom.clear();
  }
}
