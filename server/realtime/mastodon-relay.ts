/**
 * The Mastodon-streaming side of live delivery. Mastodon clients are not
 * Socket.IO sockets: they sit in this node's MastodonHub, so every delivery,
 * revocation and group exit is applied locally and, when a Redis adapter links
 * the nodes, forwarded to the others over the inter-server channel (which
 * socket-server.ts routes back into `deliver` / `revoke` / `leaveGroup`).
 * Kept apart from the fan-out so the "this node and every other node" rule
 * lives in one place.
 */
import type { MastodonHub } from './mastodon-hub.js';
import type { MastodonDelivery } from './realtime-events.js';
import type { WarbleIo } from './socket-server.js';

export interface MastodonRelayDeps {
  io: WarbleIo;
  hub: MastodonHub;
  /** True when a Redis adapter links the nodes (Mastodon streams then need the inter-server channel). */
  crossNode: boolean;
}

/** Whose Mastodon streaming connections to close: a person's, or those opened with a token. */
export interface MastodonRevocation {
  userId?: string;
  tokenId?: string;
}

export class MastodonRelay {
  constructor(private readonly deps: MastodonRelayDeps) {}

  /** False when no Mastodon stream could receive anything: none on this node and no other node linked. Lets callers skip building a delivery. */
  get reachesAnyone(): boolean {
    return this.deps.hub.size > 0 || this.deps.crossNode;
  }

  /** Sends an event to the Mastodon streams of `delivery.rooms`, on every node. */
  deliver(delivery: MastodonDelivery): void {
    this.deps.hub.deliver(delivery);
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.deliver', delivery);
  }

  /** Closes the matching connections on this node and asks the other nodes to do the same. */
  revokeEverywhere(target: MastodonRevocation): void {
    this.revoke(target);
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.revoke', target);
  }

  /** Ends a person's group stream on this node and asks the other nodes to do the same. */
  leaveGroupEverywhere(userId: string, groupId: string): void {
    this.leaveGroup(userId, groupId);
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.leaveGroup', { userId, groupId });
  }

  /** Closes the matching connections on this node only. */
  revoke(target: MastodonRevocation): void {
    const matches = (c: MastodonRevocation) =>
      (target.userId !== undefined && c.userId === target.userId) || (target.tokenId !== undefined && c.tokenId === target.tokenId);
    for (const connection of this.deps.hub.connections(matches)) {
      connection.close();
    }
  }

  /** Removes a person's group stream on this node only. */
  leaveGroup(userId: string, groupId: string): void {
    for (const connection of this.deps.hub.connections((c) => c.userId === userId)) {
      this.deps.hub.remove(connection, ['list', groupId]);
    }
  }
}
