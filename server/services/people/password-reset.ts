/**
 * Password reset by email, for LOCAL accounts only: a directory (LDAP) or
 * single sign-on account's password lives with the company's identity
 * system, so Warble neither holds nor resets it.
 *
 * - Asking (the "forgot password" page) answers the same whether or not the
 *   address belongs to anyone, and sends the mail after answering, so
 *   neither the page nor its timing tells who has an account.
 * - Asking is rate limited per client address (answered 429) and per mail
 *   address (silently: a limited address gets no more mail).
 * - A link works once, for passwordResetExpiryMinutes; a new password ends
 *   every session and token of the person (AccessRevoker) and voids their
 *   other reset links.
 */
import type { Sequelize } from 'sequelize';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import { hashPassword } from '../../auth/password-hash.js';
import { hashSecret, newSecret } from '../../auth/token-crypto.js';
import type { Language } from '../../config/schema.js';
import type { AccountTokenRepository } from '../../db/repositories/account-token-repository.js';
import type { UserModel } from '../../db/models/user.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { checkNewPassword } from '../../domain/account-rules.js';
import { DomainError, notFound, validationError } from '../../domain/errors.js';
import type { Logger } from '../../logging/logger.js';
import type { LimiterFactory } from '../../security/sign-in-limiter.js';
import type { AuditLog } from '../audit/audit-log.js';
import { languageOf } from '../digests/digest-mail.js';
import type { AccountMail } from './account-mail.js';
import type { Actor } from './actor.js';

/** Requests per client address, and mails per address, in an hour. */
export const RESET_LIMITS = { perAddress: 10, perEmail: 3, windowSeconds: 3600 };

const memoryLimiter: LimiterFactory = (points, duration, keyPrefix) => new RateLimiterMemory({ points, duration, keyPrefix });

const linkNotUsable = () => new DomainError('E_FORBIDDEN', 'This password-reset link is no longer valid', 403);

/** Only accounts whose password Warble holds. */
export const resettable = (user: UserModel): boolean => user.source === 'local' && !user.isOfficial && !user.isBot && user.passwordHash !== null;

export interface PasswordResetDeps {
  sequelize: Sequelize;
  users: UserRepository;
  tokens: AccountTokenRepository;
  mail: AccountMail;
  revoker: AccessRevoker;
  audit: AuditLog;
  logger: Logger;
  expiryMinutes: number;
  defaultLanguage: () => Language;
  limiterFactory?: LimiterFactory;
}

export class PasswordResets {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byEmail: RateLimiterAbstract;

  constructor(private readonly deps: PasswordResetDeps) {
    const factory = deps.limiterFactory ?? memoryLimiter;
    this.byAddress = factory(RESET_LIMITS.perAddress, RESET_LIMITS.windowSeconds, 'reset-address');
    this.byEmail = factory(RESET_LIMITS.perEmail, RESET_LIMITS.windowSeconds, 'reset-email');
  }

  /**
   * "Forgot password": resolves once the answer may be given; the mail, if
   * any, goes out afterwards (`sending` settles when it has; tests await it).
   */
  async request(email: string, address: string): Promise<{ sending: Promise<void> }> {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') throw validationError('email', 'Enter the mail address of your account');
    if (!(await consumed(this.byAddress, address))) {
      throw new DomainError('E_RATE_LIMITED', 'Too many requests from this address', 429, undefined, RESET_LIMITS.windowSeconds);
    }
    const sending = this.sendIfAccount(wanted, address).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'password-reset mail not sent');
    });
    return { sending };
  }

  /** An administrator's "send reset link" for one local account. */
  async sendFor(actor: Actor, userId: string): Promise<UserModel> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw notFound('User');
    if (!resettable(user)) throw validationError('user', 'Only local accounts have a password Warble can reset');
    if (!user.email) throw validationError('email', 'This account has no mail address');
    if (user.deactivatedAt) throw validationError('user', 'This account is deactivated');
    this.deps.mail.requireMail('email');
    await this.issueAndSend(user);
    await this.deps.audit.record({ action: 'password-reset.requested', ...actor, targetType: 'user', targetId: user.id, detail: { username: user.username, via: 'admin page' } });
    return user;
  }

  /** The account a link would reset, or null when the link is unknown, used or expired. */
  async check(token: string): Promise<UserModel | null> {
    if (token === '') return null;
    const found = await this.deps.tokens.findUsable('password-reset', hashSecret(token));
    if (!found?.userId) return null;
    const user = await this.deps.users.findById(found.userId);
    return user && resettable(user) && !user.deactivatedAt ? user : null;
  }

  /** Sets the new password, spends the link and every other reset link of the person, then ends their sessions. */
  async complete(token: string, password: string, confirmation: string, address: string | null): Promise<UserModel> {
    checkNewPassword(password, confirmation);
    const passwordHash = await hashPassword(password);
    const user = await this.deps.sequelize.transaction(async (transaction) => {
      const spent = await this.deps.tokens.spend('password-reset', hashSecret(token), transaction);
      if (!spent?.userId) throw linkNotUsable();
      const target = await this.deps.users.findById(spent.userId, transaction);
      if (!target || !resettable(target) || target.deactivatedAt) throw linkNotUsable();
      await target.update({ passwordHash }, { transaction });
      await this.deps.tokens.voidAll('password-reset', target.id, transaction);
      return target;
    });
    const revoked = await this.deps.revoker.revokeAll(user.id);
    await this.deps.audit.record({
      action: 'password-reset.completed',
      actorId: user.id,
      actorLabel: user.username,
      address,
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, ...revoked },
    });
    return user;
  }

  private async sendIfAccount(email: string, address: string): Promise<void> {
    const user = await this.deps.users.findByEmail(email);
    if (!user || !resettable(user) || user.deactivatedAt) {
      this.deps.logger.info({ event: 'password-reset.no-account' }, 'password reset asked for an address with no local account');
      return;
    }
    if (!(await consumed(this.byEmail, email))) {
      this.deps.logger.warn({ event: 'password-reset.limited', userId: user.id }, 'password reset mails to this account are rate limited');
      return;
    }
    await this.issueAndSend(user);
    await this.deps.audit.record({ action: 'password-reset.requested', actorId: null, actorLabel: 'anonymous', address, targetType: 'user', targetId: user.id, detail: { username: user.username, via: 'forgot password' } });
  }

  private async issueAndSend(user: UserModel): Promise<void> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.deps.expiryMinutes * 60_000);
    await this.deps.tokens.create({ purpose: 'password-reset', tokenHash: hashSecret(token), userId: user.id, expiresAt });
    await this.deps.mail.sendPasswordReset(user.email ?? '', {
      token,
      name: user.displayName,
      language: languageOf(user.locale, this.deps.defaultLanguage()),
      expiresAt,
    });
  }
}

/** True when the limiter had a point left; false when it is used up. */
async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key, 1);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}
