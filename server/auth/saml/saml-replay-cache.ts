/**
 * node-saml's cache of AuthnRequest ids (its `cacheProvider` hook, used to
 * check a response's InResponseTo) and Warble's record of accepted
 * assertion ids, both in the database so several nodes share them.
 */
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { SamlReplayRepository } from '../../db/repositories/saml-replay-repository.js';

/** How long a person may take at the IdP between leaving Warble and coming back. */
export const REQUEST_TTL_MS = 60 * 60_000;
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * The database failed under node-saml, which would report it as one more
 * invalid response: carried through so the request answers as a database
 * problem (503 while the database is away), not as a refused sign-in.
 */
export class SamlCacheFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the SAML replay cache could not be read or written');
  }
}

function storeFailure(error: unknown): never {
  throw new SamlCacheFailure(error);
}

export class SamlReplayCache implements CacheProvider {
  private lastPurge = 0;

  constructor(private readonly repository: SamlReplayRepository) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await this.purgeNowAndThen();
    const createdAt = Date.now();
    const saved = await this.repository.remember(`request:${key}`, value, new Date(createdAt + REQUEST_TTL_MS)).catch(storeFailure);
    return saved ? { value, createdAt } : null;
  }

  getAsync(key: string): Promise<string | null> {
    return this.repository.find(`request:${key}`).catch(storeFailure);
  }

  async removeAsync(key: string | null): Promise<string | null> {
    return key === null ? null : this.repository.take(`request:${key}`).catch(storeFailure);
  }

  /**
   * Records an accepted assertion until it would have expired anyway;
   * false when it was accepted before (a replay), on this node or another.
   */
  rememberAssertion(assertionId: string, validUntil: Date): Promise<boolean> {
    return this.repository.remember(`assertion:${assertionId}`, '', validUntil);
  }

  private async purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.repository.purgeExpired().catch(storeFailure);
  }
}
