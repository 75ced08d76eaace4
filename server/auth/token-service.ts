/**
 * Bearer tokens: issuing (personal and OAuth), checking and revoking them.
 *
 * A checked token is cached in memory for a short time, keyed by its hash,
 * so an API client does not cost a token query per request. Revocation
 * through this service drops the cache entry at once, so it takes effect
 * immediately on this node; another node may honour a revoked token until
 * its cache entry expires (cacheTtlMs, 30 s by default). Deactivation is
 * not cached at all: the person is loaded on every request.
 */
import type { AccessTokenKind, AccessTokenModel } from '../db/models/access-token.js';
import type { AccessTokenRepository } from '../db/repositories/access-token-repository.js';
import type { AuthorizationCodeRepository } from '../db/repositories/authorization-code-repository.js';
import { hashSecret, newSecret } from './token-crypto.js';

/** What a request learns from a valid token. */
export interface TokenIdentity {
  id: string;
  userId: string | null;
  appId: string | null;
  scopes: string[];
}

export interface NewTokenRequest {
  kind: AccessTokenKind;
  userId: string | null;
  appId: string | null;
  name?: string | null;
  scopes: readonly string[];
  expiresAt?: Date | null;
}

interface CacheEntry {
  identity: TokenIdentity;
  expiresAt: Date | null;
  lastUsedAt: number;
  cachedUntil: number;
}

const MAX_CACHE_ENTRIES = 10_000;
/** last_used_at is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;

export class TokenService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheTtlMs: number;

  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly codes: AuthorizationCodeRepository,
    options: {
      cacheTtlMs?: number;
      onIssued?: (record: AccessTokenModel) => void | Promise<void>;
      /** Told the ids of revoked tokens, so live connections opened with them close at once. */
      onRevoked?: (tokenIds: readonly string[]) => void;
    } = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.onIssued = options.onIssued;
    this.onRevoked = options.onRevoked;
  }

  private readonly onRevoked?: (tokenIds: readonly string[]) => void;

  /** Told about every token created (audit log). */
  private readonly onIssued?: (record: AccessTokenModel) => void | Promise<void>;

  /** Creates a token; the plain value is returned once and never stored. */
  async issue(request: NewTokenRequest): Promise<{ token: string; record: AccessTokenModel }> {
    const token = newSecret();
    const record = await this.tokens.create({
      tokenHash: hashSecret(token),
      userId: request.userId,
      appId: request.appId,
      kind: request.kind,
      name: request.name ?? null,
      scopes: request.scopes,
      expiresAt: request.expiresAt ?? null,
    });
    await this.onIssued?.(record);
    return { token, record };
  }

  /** The identity behind a presented token, or null when it is unknown, revoked or expired. */
  async authenticate(token: string, now = new Date()): Promise<TokenIdentity | null> {
    const hash = hashSecret(token);
    let entry = this.cache.get(hash);
    if (entry && entry.cachedUntil <= now.getTime()) {
      this.cache.delete(hash);
      entry = undefined;
    }
    if (!entry) {
      const record = await this.tokens.findByHash(hash);
      if (!record || record.revokedAt) return null;
      entry = {
        identity: { id: record.id, userId: record.userId, appId: record.appId, scopes: record.scopes.split(' ').filter(Boolean) },
        expiresAt: record.expiresAt,
        lastUsedAt: record.lastUsedAt?.getTime() ?? 0,
        cachedUntil: now.getTime() + this.cacheTtlMs,
      };
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(hash, entry);
    }
    if (entry.expiresAt && entry.expiresAt.getTime() <= now.getTime()) return null;
    if (now.getTime() - entry.lastUsedAt >= TOUCH_INTERVAL_MS) {
      entry.lastUsedAt = now.getTime();
      await this.tokens.touch(entry.identity.id, now);
    }
    return entry.identity;
  }

  /** Revokes one token if `userId` owns it; false when there was nothing to revoke. */
  async revokeOwned(tokenId: string, userId: string): Promise<boolean> {
    return this.afterRevoke(await this.tokens.revokeWhere({ id: tokenId, userId })) > 0;
  }

  /** Revokes one token by id, whoever owns it; the caller checked it may (POST /oauth/revoke, replayed codes). */
  async revokeById(tokenId: string): Promise<void> {
    this.afterRevoke(await this.tokens.revokeWhere({ id: tokenId }));
  }

  /** Withdraws one app's access to one person: every OAuth token of that pair. */
  async revokeAppForUser(userId: string, appId: string): Promise<number> {
    return this.afterRevoke(await this.tokens.revokeWhere({ userId, appId, kind: 'oauth' }));
  }

  /**
   * Ends every API credential of a person (tokens and pending authorisation
   * codes). For deactivation by directory sync or an administrator; browser
   * sessions are ended separately by the session store.
   */
  async revokeAllForUser(userId: string): Promise<number> {
    await this.codes.deleteForUser(userId);
    return this.afterRevoke(await this.tokens.revokeWhere({ userId }));
  }

  /** Looks a token up by its plain value, without the cache (for /oauth/revoke). */
  findByToken(token: string): Promise<AccessTokenModel | null> {
    return this.tokens.findByHash(hashSecret(token));
  }

  listPersonal(userId: string): Promise<AccessTokenModel[]> {
    return this.tokens.listPersonal(userId);
  }

  /** Apps holding live OAuth tokens of this person (for the settings page), bounded. */
  authorizedApps(userId: string): Promise<Array<{ appId: string; scopes: string; createdAt: Date }>> {
    return this.tokens.authorizedAppIds(userId);
  }

  private afterRevoke(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    const revoked = new Set(ids);
    for (const [hash, entry] of this.cache) {
      if (revoked.has(entry.identity.id)) this.cache.delete(hash);
    }
    this.onRevoked?.(ids);
    return ids.length;
  }
}
