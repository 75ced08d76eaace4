/** Local accounts: a password hash stored by Warble (setup admin, break-glass, `warble user add`). */
import type { UserRepository } from '../db/repositories/user-repository.js';
import type { AuthOutcome, Authenticator } from './authenticator.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hash.js';

export class LocalAuthenticator implements Authenticator {
  readonly name = 'local';

  constructor(
    private readonly users: UserRepository,
    /** When no other authenticator follows, an unknown user still costs one hash (no timing oracle). */
    private readonly isLast: boolean,
  ) {}

  async authenticate(login: string, password: string): Promise<AuthOutcome> {
    const user = await this.users.findByLogin(login);
    if (!user || user.source !== 'local' || !user.passwordHash) {
      if (this.isLast) await verifyPassword(password, DUMMY_PASSWORD_HASH);
      return { ok: false, reason: this.isLast ? 'unknown-user' : 'not-applicable' };
    }
    if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: 'wrong-password' };
    if (user.deactivatedAt) return { ok: false, reason: 'deactivated' };
    if (user.suspendedAt) return { ok: false, reason: 'suspended' };
    return { ok: true, user };
  }
}
