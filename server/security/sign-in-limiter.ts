/**
 * Limits failed sign-ins per account and per address (rate-limiter-flexible).
 * Only failures are counted, so a person who types their password right is
 * never slowed down by colleagues behind the same NAT.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

export class SignInLimiter {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(limits: SignInLimits, factory?: (points: number, duration: number, prefix: string) => RateLimiterAbstract) {
    const make =
      factory ??
      ((points: number, duration: number, keyPrefix: string) => new RateLimiterMemory({ points, duration, keyPrefix }));
    this.byAccount = make(limits.perAccount, limits.windowSeconds, 'signin-account');
    this.byAddress = make(limits.perAddress, limits.windowSeconds, 'signin-address');
  }

  /** Seconds to wait before trying again, or 0 when allowed. */
  async blockedFor(account: string, address: string): Promise<number> {
    const [accountState, addressState] = await Promise.all([
      this.byAccount.get(account.toLowerCase()),
      this.byAddress.get(address),
    ]);
    const waits = [accountState, addressState]
      .filter((state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0)
      .map((state) => Math.ceil(state.msBeforeNext / 1000));
    return waits.length > 0 ? Math.max(...waits) : 0;
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([
      this.byAccount.penalty(account.toLowerCase(), 1),
      this.byAddress.penalty(address, 1),
    ]);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.byAccount.delete(account.toLowerCase());
  }
}
