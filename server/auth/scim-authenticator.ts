/**
 * SCIM callers authenticate with the bearer token in auth.scim.token,
 * compared in constant time (both sides hashed first, so not even the
 * length leaks). Failures are counted per client address: past the limit the
 * address gets 429 until the window passes, so the token cannot be guessed
 * at speed (shared through Redis when there is one, like sign-in limits).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { scimError } from '../services/scim/scim-protocol.js';
import type { LimiterFactory } from '../security/sign-in-limiter.js';
import type { AppContext } from '../http/context.js';

/** Wrong tokens one address may send per window. */
export const SCIM_FAILURES_PER_WINDOW = 10;
export const SCIM_FAILURE_WINDOW_SECONDS = 900;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class ScimAuthenticator {
  private readonly failures: RateLimiterAbstract;
  private readonly expected: Buffer;

  constructor(token: string, factory?: LimiterFactory) {
    this.expected = digest(token);
    this.failures = factory
      ? factory(SCIM_FAILURES_PER_WINDOW, SCIM_FAILURE_WINDOW_SECONDS, 'scim-auth-failures')
      : new RateLimiterMemory({ points: SCIM_FAILURES_PER_WINDOW, duration: SCIM_FAILURE_WINDOW_SECONDS, keyPrefix: 'scim-auth-failures' });
  }

  /** Throws a SCIM 401 (no or wrong token) or 429 (too many wrong tokens from this address). */
  async authenticate(ctx: AppContext): Promise<void> {
    const state = await this.failures.get(ctx.ip);
    if (state !== null && state.consumedPoints >= SCIM_FAILURES_PER_WINDOW) {
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
      throw scimError(429, null, 'Too many requests with a wrong token from this address; try again later');
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), this.expected)) return;
    await this.failures.penalty(ctx.ip, 1);
    ctx.set('WWW-Authenticate', 'Bearer realm="SCIM"');
    ctx.state.log.warn({ event: 'scim.auth.failed', address: ctx.ip, tokenGiven: given !== undefined }, 'SCIM request refused: no or wrong bearer token');
    throw scimError(401, null, given === undefined ? 'A bearer token is required (Authorization: Bearer <auth.scim.token>)' : 'The bearer token is not valid');
  }
}
