/**
 * Ends everything that lets a person act in Warble, at once: browser sessions
 * and API/OAuth tokens. Used when the directory says they left, and by any
 * later suspension, so every caller gets both for free.
 */
import type { SessionStore } from './session-store.js';

/** The part of TokenService this needs (kept narrow so tests and tools can pass their own). */
export interface TokenRevocation {
  revokeAllForUser(userId: string): Promise<number>;
}

export class AccessRevoker {
  constructor(
    private readonly sessions: SessionStore,
    private readonly tokens: TokenRevocation,
    /** Told after the revocation, so live connections (Socket.IO, streaming) close at once. */
    private readonly onRevoked: (userId: string) => void = () => undefined,
  ) {}

  /** Returns how many sessions and tokens ended. */
  async revokeAll(userId: string): Promise<{ sessions: number; tokens: number }> {
    const [sessions, tokens] = await Promise.all([
      this.sessions.destroyAllForUser(userId),
      this.tokens.revokeAllForUser(userId),
    ]);
    this.onRevoked(userId);
    return { sessions, tokens };
  }
}
