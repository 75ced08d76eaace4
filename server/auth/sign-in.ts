/**
 * The sign-in use case: rate limits, then each authenticator in turn.
 * Every failure looks the same to the person (no user enumeration); the log
 * carries the real reason for IT.
 */
import type { Logger } from '../logging/logger.js';
import type { UserModel } from '../db/models/user.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { DomainError } from '../domain/errors.js';
import type { SignInLimiter, SignInLimitName } from '../security/sign-in-limiter.js';
import type { Authenticator, SignInFailureReason } from './authenticator.js';

export interface SignInAttempt {
  login: string;
  password: string;
  address: string;
}

// Control characters (NUL above all) never occur in real logins, and SQLite and PostgreSQL both choke on NUL.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Who wants to know how sign-ins end. Failures carry the real reason, which the person never sees. */
export interface SignInObserver {
  succeeded?(user: UserModel, attempt: SignInAttempt): void | Promise<void>;
  failed?(reason: SignInFailureReason, attempt: SignInAttempt): void | Promise<void>;
  /** A failure used up a limit: from now on the limiter refuses (IT wants to know who was guessing, from where). */
  limitReached?(limit: SignInLimitName, attempt: SignInAttempt): void | Promise<void>;
}

export const signInFailed = () => new DomainError('E_SIGN_IN_FAILED', 'Wrong user name or password', 401);

export class SignInService {
  constructor(
    private readonly authenticators: Authenticator[],
    private readonly users: UserRepository,
    private readonly limiter: SignInLimiter,
    private readonly logger: Logger,
    /** Told every outcome (metrics, audit log); optional so tools can omit it. */
    private readonly observer: SignInObserver = {},
  ) {}

  async signIn(attempt: SignInAttempt): Promise<UserModel> {
    const login = attempt.login.trim();
    const waitSeconds = await this.limiter.blockedFor(login, attempt.address);
    if (waitSeconds > 0) {
      this.logger.warn({ login, address: attempt.address, event: 'sign-in.rate-limited' }, 'sign-in refused');
      throw new DomainError('E_RATE_LIMITED', 'Too many failed attempts. Try again later.', 429, undefined, waitSeconds);
    }
    const reason: SignInFailureReason | undefined =
      login === '' || attempt.password === '' ? 'empty-password' : CONTROL_CHARACTERS.test(login) ? 'unknown-user' : undefined;
    const outcome = reason ? { ok: false as const, reason } : await this.tryAuthenticators(login, attempt.password);
    if (outcome.ok) {
      await this.limiter.recordSuccess(login, attempt.address);
      await this.users.recordSignIn(outcome.user.id);
      await this.observer.succeeded?.(outcome.user, attempt);
      this.logger.info({ userId: outcome.user.id, address: attempt.address, event: 'sign-in.succeeded' }, 'signed in');
      return outcome.user;
    }
    const reached = await this.limiter.recordFailure(login, attempt.address);
    await this.observer.failed?.(outcome.reason, attempt);
    for (const limit of reached) {
      this.logger.warn({ login, address: attempt.address, limit, event: 'sign-in.limit-reached' }, 'sign-in limit reached');
      await this.observer.limitReached?.(limit, attempt);
    }
    this.logger.warn(
      { login, address: attempt.address, reason: outcome.reason, event: 'sign-in.failed' },
      'sign-in failed',
    );
    if (outcome.reason === 'directory-unavailable') {
      throw new DomainError('E_DIRECTORY_UNAVAILABLE', 'The company directory cannot be reached. Try again later.', 503);
    }
    throw signInFailed();
  }

  private async tryAuthenticators(
    login: string,
    password: string,
  ): Promise<{ ok: true; user: UserModel } | { ok: false; reason: SignInFailureReason }> {
    let last: SignInFailureReason = 'unknown-user';
    for (const authenticator of this.authenticators) {
      const outcome = await authenticator.authenticate(login, password);
      // An official account (IT Helpdesk, HR) speaks through its named publishers, never by signing in — whichever authenticator vouched for it.
      if (outcome.ok && outcome.user.isOfficial) return { ok: false, reason: 'official-account' };
      if (outcome.ok || outcome.reason !== 'not-applicable') return outcome;
      last = outcome.reason;
    }
    return { ok: false, reason: last === 'not-applicable' ? 'unknown-user' : last };
  }
}
