/**
 * Ends live access the moment it is lost: leaving a private group ends that
 * group's stream, and deactivation, revoked access, a signed-out session or a
 * revoked token disconnect the sockets (and close the Mastodon streams) opened
 * with it, on every node. Kept apart from delivery because it removes
 * listeners rather than sending them anything.
 */
import type { Models } from '../db/models/index.js';
import type { MastodonRelay } from './mastodon-relay.js';
import { personalRoom, sessionRoom, sharedRoom, tokenRoom, userRoom, type StreamKey } from './streams.js';
import type { WarbleIo } from './socket-server.js';

export interface LiveAccessDeps {
  io: WarbleIo;
  models: Models;
}

export class LiveAccess {
  constructor(
    private readonly deps: LiveAccessDeps,
    private readonly mastodon: MastodonRelay,
  ) {}

  /** Leaving (or removal from) a private group ends its live stream at once, on every node. */
  async endGroupSubscriptions(groupId: string, userId: string): Promise<void> {
    const group = await this.deps.models.Group.findByPk(groupId, { attributes: ['id', 'visibility'] });
    if (group && group.visibility === 'public') return;
    const key: StreamKey = `group:${groupId}`;
    this.deps.io.to(personalRoom(userId, key)).emit('stream.ended', { stream: key, reason: 'membership' });
    this.deps.io.in(userRoom(userId)).socketsLeave([personalRoom(userId, key), sharedRoom(key)]);
    this.mastodon.leaveGroupEverywhere(userId, groupId);
  }

  /** Every live connection of a person (deactivated, or access revoked). */
  disconnectUser(userId: string): void {
    this.deps.io.in(userRoom(userId)).disconnectSockets(true);
    this.mastodon.revokeEverywhere({ userId });
  }

  /** Every socket of a browser session that ended. */
  disconnectSession(sessionKey: string): void {
    this.deps.io.in(sessionRoom(sessionKey)).disconnectSockets(true);
  }

  /** Every live connection opened with one of these tokens. */
  disconnectTokens(tokenIds: readonly string[]): void {
    for (const tokenId of tokenIds) {
      this.deps.io.in(tokenRoom(tokenId)).disconnectSockets(true);
      this.mastodon.revokeEverywhere({ tokenId });
    }
  }
}
