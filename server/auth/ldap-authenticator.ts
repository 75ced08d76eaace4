/**
 * Directory sign-in: the directory checks the password (bind as service,
 * escaped search, exactly one entry, bind as the person), then the Warble
 * account is created or refreshed from the entry, with the person's groups,
 * in one transaction. Placed after the local authenticator, so local
 * break-glass administrators never depend on the directory being up.
 */
import type { Sequelize } from 'sequelize';
import type { DirectoryClient } from './ldap/directory-client.js';
import { DirectoryUnavailableError } from './ldap/connection.js';
import type { DirectoryPerson } from './ldap/directory-types.js';
import type { Logger } from '../logging/logger.js';
import type { DirectoryGroupMirror } from '../services/directory-groups.js';
import type { DirectoryUserUpsert } from '../services/directory-user-upsert.js';
import type { AuthOutcome, Authenticator } from './authenticator.js';

export class LdapAuthenticator implements Authenticator {
  readonly name = 'ldap';

  constructor(
    private readonly directory: DirectoryClient,
    private readonly sequelize: Sequelize,
    private readonly upsert: DirectoryUserUpsert,
    private readonly groupMirror: DirectoryGroupMirror,
    private readonly logger: Logger,
    /** Whether `ldap.adminGroup` is set: only then does the directory decide who is an administrator. */
    private readonly adminGroupConfigured: boolean,
  ) {}

  async authenticate(login: string, password: string): Promise<AuthOutcome> {
    // SignInService refuses empty passwords first; this guard keeps the rule true for any caller.
    if (password === '') return { ok: false, reason: 'empty-password' };
    const result = await this.directory.authenticate(login, password);
    if (!result.ok) return { ok: false, reason: result.reason };
    const person = result.entry;

    let isAdmin: boolean | null;
    try {
      isAdmin = await this.adminDecision(person);
    } catch (error) {
      this.logger.error({ err: error, username: person.username }, 'ldap: admin group check failed during sign-in');
      return { ok: false, reason: 'directory-unavailable' };
    }

    const outcome = await this.sequelize.transaction(async (transaction) => {
      const upserted = await this.upsert.apply(person, { isAdmin }, transaction);
      if (upserted.kind !== 'refused') await this.groupMirror.setGroupsOf(upserted.user.id, person.groupRefs ?? [], transaction);
      return upserted;
    });
    if (outcome.kind === 'refused') {
      this.logger.warn(
        { username: person.username, dn: person.dn, conflict: outcome.reason },
        outcome.reason === 'local-account'
          ? 'ldap: a local account already uses this user name; the directory person cannot sign in'
          : 'ldap: directory user name is not a valid Warble user name',
      );
      return { ok: false, reason: 'excluded' };
    }
    // A moderator's suspension outlives the directory: the password is right, the account is not allowed in.
    if (outcome.user.suspendedAt) return { ok: false, reason: 'suspended' };
    if (outcome.kind !== 'unchanged') {
      this.logger.info({ userId: outcome.user.id, username: outcome.user.username, change: outcome.kind }, 'ldap: account refreshed at sign-in');
    }
    return { ok: true, user: outcome.user };
  }

  private async adminDecision(person: DirectoryPerson): Promise<boolean | null> {
    if (!this.adminGroupConfigured) return null;
    try {
      return await this.directory.isAdmin(person);
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) throw error;
      // The directory answered but refused the lookup: keep the current flag rather than guess.
      this.logger.warn({ err: error, username: person.username }, 'ldap: could not read the admin group; administrator flag unchanged');
      return null;
    }
  }
}
