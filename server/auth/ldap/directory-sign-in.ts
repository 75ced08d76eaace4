/**
 * Password checks against the directory ("directory sign-in"): finds the one
 * person a login names, binds as them on a fresh connection, and turns every
 * way of failing into an AuthResult reason (unknown user, ambiguous, excluded,
 * disabled, wrong password, directory unavailable), logged here. Kept apart
 * from reading people because it is the only part that binds as a person.
 */
import { InvalidCredentialsError, ResultCodeError, type Filter } from 'ldapts';
import { describeLdapError, openServiceSession, openSession, type DirectorySession } from './connection.js';
import type { DirectoryPeople } from './directory-people.js';
import type { DirectorySearch } from './directory-search.js';
import type { AuthFailureReason, AuthResult } from './directory-types.js';
import { allOf, loginMatches } from './ldap-filter.js';
import { isDisabledAccount, toDirectoryPerson } from './profile-mapping.js';

/** Longest login we bother sending to the directory. */
const MAX_LOGIN_LENGTH = 256;
// Control characters (including NUL) never occur in real logins.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// AD puts the real reason of a failed bind in the diagnostic message: 533 disabled, 701 expired, 775 locked.
const AD_ACCOUNT_UNUSABLE = /data (533|701|775)\b/i;

export class DirectorySignIn {
  readonly #directory: DirectorySearch;
  readonly #people: DirectoryPeople;

  constructor(directory: DirectorySearch, people: DirectoryPeople) {
    this.#directory = directory;
    this.#people = people;
  }

  /** See DirectoryClient.authenticate. */
  async authenticate(login: string, password: string): Promise<AuthResult> {
    const { settings, logger } = this.#directory;
    if (password.length === 0) return this.#refuse('empty-password', { login });
    const trimmed = login.trim();
    if (trimmed === '' || trimmed.length > MAX_LOGIN_LENGTH || CONTROL_CHARACTERS.test(trimmed)) {
      return this.#refuse('unknown-user', { login, detail: 'login is empty, too long or has control characters' });
    }

    let session: DirectorySession;
    try {
      session = await openServiceSession(settings, logger);
    } catch (error) {
      return this.#unavailable(error, { login: trimmed });
    }
    try {
      const byLogin = loginMatches(settings.loginAttributes, trimmed);
      const entries = await this.#directory.search(session, settings.baseDn, allOf(this.#directory.userFilter, byLogin), { sizeLimit: 2 });
      if (entries.length > 1) return this.#refuse('ambiguous', { login: trimmed, dns: entries.map((entry) => entry.dn) });
      const entry = entries[0];
      if (!entry) return await this.#explainNoMatch(session, trimmed, byLogin);
      if (isDisabledAccount(entry)) return this.#refuse('disabled', { login: trimmed, dn: entry.dn });
      const person = toDirectoryPerson(entry, settings.attributes);
      if (!person) {
        logger.error({ dn: entry.dn, attribute: settings.attributes.username }, 'ldap: entry has no username attribute');
        return this.#refuse('excluded', { login: trimmed, dn: entry.dn });
      }

      const bindFailure = await this.#verifyPassword(session.url, entry.dn, password);
      if (bindFailure) return this.#refuse(bindFailure, { login: trimmed, dn: entry.dn });

      await this.#people.complete(session, person);
      logger.info({ username: person.username, dn: person.dn }, 'ldap: sign-in accepted');
      return { ok: true, entry: person };
    } catch (error) {
      return this.#unavailable(error, { login: trimmed });
    } finally {
      await session.close();
    }
  }

  /** Binds as the person on a fresh connection; returns the failure reason, or null on success. */
  async #verifyPassword(preferredUrl: string, dn: string, password: string): Promise<AuthFailureReason | null> {
    try {
      const userSession = await openSession(this.#directory.settings, { dn, password }, this.#directory.logger, preferredUrl);
      await userSession.close();
      return null;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return AD_ACCOUNT_UNUSABLE.test(error.message) ? 'disabled' : 'wrong-password';
      }
      if (error instanceof ResultCodeError) {
        this.#directory.logger.warn({ dn, err: describeLdapError(error) }, 'ldap: directory refused the bind');
        return 'wrong-password';
      }
      throw error;
    }
  }

  /** Zero matches under the user filter: is the login unknown, or known but filtered out / disabled? */
  async #explainNoMatch(session: DirectorySession, login: string, byLogin: Filter): Promise<AuthResult> {
    const outside = await this.#directory.search(session, this.#directory.settings.baseDn, byLogin, { sizeLimit: 1 });
    const entry = outside[0];
    if (!entry) return this.#refuse('unknown-user', { login });
    if (isDisabledAccount(entry)) return this.#refuse('disabled', { login, dn: entry.dn });
    return this.#refuse('excluded', { login, dn: entry.dn, detail: 'entry exists but does not match ldap.userFilter' });
  }

  #refuse(reason: AuthFailureReason, details: Record<string, unknown>): AuthResult {
    this.#directory.logger.info({ ...details, reason }, 'ldap: sign-in refused');
    return { ok: false, reason };
  }

  #unavailable(error: unknown, details: Record<string, unknown>): AuthResult {
    this.#directory.logger.error({ ...details, err: describeLdapError(error) }, 'ldap: directory unavailable during sign-in');
    return { ok: false, reason: 'directory-unavailable' };
  }
}
