/**
 * Limits failed sign-ins so that guessing is slow and a colleague cannot
 * lock anyone out (OWASP authentication cheat sheet; rate-limiter-flexible's
 * "login endpoint protection"). Three counters of failures, never of
 * successes:
 *
 * - per (login, client address): consecutive failures for one account from
 *   one address; a correct password there resets it;
 * - per client address, whatever the login: one machine trying many accounts;
 * - per login from every address: distributed guessing. Reaching it refuses
 *   only addresses that already failed for that login in the window, so the
 *   owner, signing in from an address the guesses did not come from, still
 *   gets in, while every guessing address is down to one try.
 *
 * The address is the one Koa sees (`ctx.ip`), so X-Forwarded-For counts only
 * when `trustProxy` is on.
 */
import { RateLimiterMemory, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

export interface SignInLimits {
  perAccountAndAddress: number;
  perAddress: number;
  perAccount: number;
  windowSeconds: number;
}

/** Which limit a failure used up (written to the audit log). */
export type SignInLimitName = 'account-and-address' | 'address' | 'account';

export type LimiterFactory = (points: number, duration: number, prefix: string) => RateLimiterAbstract;

const memoryLimiter: LimiterFactory = (points, duration, keyPrefix) => new RateLimiterMemory({ points, duration, keyPrefix });

/** Seconds until a counter that is at or over its limit falls back under it, else 0. */
function waitSeconds(state: RateLimiterRes | null, limit: number): number {
  return state !== null && state.consumedPoints >= limit ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
}

export class SignInLimiter {
  private readonly byAccountAndAddress: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  constructor(
    private readonly limits: SignInLimits,
    factory: LimiterFactory = memoryLimiter,
  ) {
    this.byAccountAndAddress = factory(limits.perAccountAndAddress, limits.windowSeconds, 'signin-account-address');
    this.byAddress = factory(limits.perAddress, limits.windowSeconds, 'signin-address');
    this.byAccount = factory(limits.perAccount, limits.windowSeconds, 'signin-account');
  }

  /** Seconds this address must wait before trying this login again, or 0 when it may try now. */
  async blockedFor(login: string, address: string): Promise<number> {
    const [pair, fromAddress, onAccount] = await Promise.all([
      this.byAccountAndAddress.get(pairKey(login, address)),
      this.byAddress.get(address),
      this.byAccount.get(accountKey(login)),
    ]);
    const alreadyFailedHere = pair !== null && pair.consumedPoints > 0;
    return Math.max(
      waitSeconds(pair, this.limits.perAccountAndAddress),
      waitSeconds(fromAddress, this.limits.perAddress),
      alreadyFailedHere ? waitSeconds(onAccount, this.limits.perAccount) : 0,
    );
  }

  /** Counts a failure; returns the limits this very failure used up (each is reported once per window). */
  async recordFailure(login: string, address: string): Promise<SignInLimitName[]> {
    const [pair, fromAddress, onAccount] = await Promise.all([
      this.byAccountAndAddress.penalty(pairKey(login, address), 1),
      this.byAddress.penalty(address, 1),
      this.byAccount.penalty(accountKey(login), 1),
    ]);
    const reached: SignInLimitName[] = [];
    if (pair.consumedPoints === this.limits.perAccountAndAddress) reached.push('account-and-address');
    if (fromAddress.consumedPoints === this.limits.perAddress) reached.push('address');
    if (onAccount.consumedPoints === this.limits.perAccount) reached.push('account');
    return reached;
  }

  /**
   * A correct password ends the run of failures from that address. The
   * address and account-wide counts stay: they measure guessing by others.
   */
  async recordSuccess(login: string, address: string): Promise<void> {
    await this.byAccountAndAddress.delete(pairKey(login, address));
  }
}

/** Logins are case-insensitive (user names and mail addresses alike). */
const accountKey = (login: string) => login.toLowerCase();
/** The address first: it never contains a space, so the key cannot be forged from another login. */
const pairKey = (login: string, address: string) => `${address} ${accountKey(login)}`;
