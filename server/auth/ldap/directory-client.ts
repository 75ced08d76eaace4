/**
 * The directory side of "directory sign-in" and directory sync: verifies
 * passwords against LDAP / Active Directory and reads people and groups.
 * It holds no connection between calls (each call opens and closes its own),
 * so a directory restart or fail-over needs no special handling.
 */
import { InvalidCredentialsError, ResultCodeError, type Entry, type Filter, type SearchOptions } from 'ldapts';
import {
  DirectoryUnavailableError,
  describeLdapError,
  openServiceSession,
  openSession,
  type DirectorySession,
} from './connection.js';
import type {
  AuthFailureReason,
  AuthResult,
  DirectoryGroup,
  DirectoryGroupRef,
  DirectoryLogger,
  DirectoryPerson,
  DirectoryTestReport,
} from './directory-types.js';
import { resolveGroupMembers } from './group-members.js';
import { normalizeDn } from './ldap-dn.js';
import { allOf, equals, loginMatches, parseConfiguredFilter } from './ldap-filter.js';
import type { LdapSettings } from './ldap-settings.js';
import { binaryAttributes, firstText, isDisabledAccount, personAttributes, toDirectoryPerson } from './profile-mapping.js';

/** Longest login we bother sending to the directory. */
const MAX_LOGIN_LENGTH = 256;
const PAGE_SIZE = 500;
// Control characters (including NUL) never occur in real logins.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// AD puts the real reason of a failed bind in the diagnostic message: 533 disabled, 701 expired, 775 locked.
const AD_ACCOUNT_UNUSABLE = /data (533|701|775)\b/i;

/** Reads people and groups from, and checks passwords against, the configured directory. */
export class DirectoryClient {
  readonly #settings: LdapSettings;
  readonly #logger: DirectoryLogger;
  readonly #userFilter: Filter;
  readonly #groupFilter: Filter | null;
  readonly #attributes: string[];
  readonly #binary: string[];

  constructor(settings: LdapSettings, logger: DirectoryLogger) {
    this.#settings = settings;
    this.#logger = logger;
    this.#userFilter = parseConfiguredFilter(settings.userFilter);
    this.#groupFilter = settings.groupFilter === '' ? null : parseConfiguredFilter(settings.groupFilter);
    this.#attributes = personAttributes(settings.attributes);
    this.#binary = binaryAttributes(settings.attributes);
    if (!settings.tlsVerify) logger.warn('ldap: TLS certificate verification is off (ldap.tlsVerify=false)');
  }

  /**
   * Checks a login (any of the login attributes) and password. Never binds with
   * an empty password, never binds when the login matches zero or several
   * people, and binds as the person on a fresh connection.
   */
  async authenticate(login: string, password: string): Promise<AuthResult> {
    if (password.length === 0) return this.#refuse('empty-password', { login });
    const trimmed = login.trim();
    if (trimmed === '' || trimmed.length > MAX_LOGIN_LENGTH || CONTROL_CHARACTERS.test(trimmed)) {
      return this.#refuse('unknown-user', { login, detail: 'login is empty, too long or has control characters' });
    }

    let session: DirectorySession;
    try {
      session = await openServiceSession(this.#settings, this.#logger);
    } catch (error) {
      return this.#unavailable(error, { login: trimmed });
    }
    try {
      const byLogin = loginMatches(this.#settings.loginAttributes, trimmed);
      const entries = await this.#search(session, this.#settings.baseDn, allOf(this.#userFilter, byLogin), { sizeLimit: 2 });
      if (entries.length > 1) return this.#refuse('ambiguous', { login: trimmed, dns: entries.map((entry) => entry.dn) });
      const entry = entries[0];
      if (!entry) return await this.#explainNoMatch(session, trimmed, byLogin);
      if (isDisabledAccount(entry)) return this.#refuse('disabled', { login: trimmed, dn: entry.dn });
      const person = toDirectoryPerson(entry, this.#settings.attributes);
      if (!person) {
        this.#logger.error({ dn: entry.dn, attribute: this.#settings.attributes.username }, 'ldap: entry has no username attribute');
        return this.#refuse('excluded', { login: trimmed, dn: entry.dn });
      }

      const bindFailure = await this.#verifyPassword(session.url, entry.dn, password);
      if (bindFailure) return this.#refuse(bindFailure, { login: trimmed, dn: entry.dn });

      await this.#loadGroupsOf(session, person);
      person.manager = await this.#managerUsername(session, person.managerDn);
      this.#logger.info({ username: person.username, dn: person.dn }, 'ldap: sign-in accepted');
      return { ok: true, entry: person };
    } catch (error) {
      return this.#unavailable(error, { login: trimmed });
    } finally {
      await session.close();
    }
  }

  /**
   * The person with this username among people matching the user filter, or
   * null if there is none. Throws DirectoryUnavailableError when the directory
   * cannot be asked: "not found" and "could not look" must never be confused.
   */
  async findPerson(username: string): Promise<DirectoryPerson | null> {
    return this.#withService(async (session) => {
      const filter = allOf(this.#userFilter, equals(this.#settings.attributes.username, username));
      const entries = await this.#search(session, this.#settings.baseDn, filter, { sizeLimit: 2 });
      if (entries.length !== 1) {
        if (entries.length > 1) this.#logger.warn({ username }, 'ldap: several entries share this username');
        return null;
      }
      const person = toDirectoryPerson(entries[0]!, this.#settings.attributes);
      if (!person) return null;
      await this.#loadGroupsOf(session, person);
      person.manager = await this.#managerUsername(session, person.managerDn);
      return person;
    });
  }

  /** Everyone matching the user filter (paged search), managers resolved to usernames. */
  async listPeople(): Promise<DirectoryPerson[]> {
    return this.#withService(async (session) => {
      const entries = await this.#search(session, this.#settings.baseDn, this.#userFilter, { paged: { pageSize: PAGE_SIZE } });
      const people: DirectoryPerson[] = [];
      const seen = new Set<string>();
      for (const entry of entries) {
        const person = toDirectoryPerson(entry, this.#settings.attributes);
        if (!person) {
          this.#logger.warn({ dn: entry.dn }, 'ldap: skipping entry without username');
          continue;
        }
        const key = person.username.toLowerCase();
        if (seen.has(key)) {
          this.#logger.warn({ dn: entry.dn, username: person.username }, 'ldap: skipping duplicate username');
          continue;
        }
        seen.add(key);
        people.push(person);
      }
      const byDn = new Map(people.map((person) => [normalizeDn(person.dn), person.username]));
      for (const person of people) {
        if (person.managerDn !== '') person.manager = byDn.get(normalizeDn(person.managerDn)) ?? '';
      }
      return people;
    });
  }

  /**
   * Groups matching the group filter, members resolved to usernames of people
   * matching the user filter (others, e.g. nested groups, are dropped). Pass
   * `people` from a previous listPeople() to avoid listing them again.
   */
  async listGroups(options: { people?: DirectoryPerson[] } = {}): Promise<DirectoryGroup[]> {
    const groupFilter = this.#groupFilter;
    if (!groupFilter) return [];
    const people = options.people ?? (await this.listPeople());
    const memberAttribute = this.#settings.groupMemberAttribute;
    return this.#withService(async (session) => {
      const entries = await this.#search(session, this.#settings.groupBaseDn, groupFilter, {
        paged: { pageSize: PAGE_SIZE },
        attributes: ['cn', 'description', memberAttribute],
      });
      return resolveGroupMembers(entries, memberAttribute, people);
    });
  }

  /**
   * True when the person is a member of `ldap.adminGroup` (a DN, or a group cn
   * under groupBaseDn). False when no admin group is configured.
   */
  async isAdmin(person: Pick<DirectoryPerson, 'dn' | 'username'>): Promise<boolean> {
    const adminGroup = this.#settings.adminGroup;
    if (adminGroup === '') return false;
    const memberAttribute = this.#settings.groupMemberAttribute;
    const memberValue = memberAttribute === 'memberUid' ? person.username : person.dn;
    const isDn = adminGroup.includes('=');
    return this.#withService(async (session) => {
      try {
        const entries = isDn
          ? await this.#search(session, adminGroup, equals(memberAttribute, memberValue), { scope: 'base', attributes: ['1.1'] })
          : await this.#search(
              session,
              this.#settings.groupBaseDn,
              allOf(...(this.#groupFilter ? [this.#groupFilter] : []), equals('cn', adminGroup), equals(memberAttribute, memberValue)),
              { attributes: ['1.1'] },
            );
        return entries.length > 0;
      } catch (error) {
        if (error instanceof ResultCodeError && error.code === 32) {
          this.#logger.warn({ adminGroup }, 'ldap: ldap.adminGroup does not exist');
          return false;
        }
        throw error;
      }
    });
  }

  /**
   * Usernames (among `people`) of the members of `ldap.adminGroup`, in one
   * search, for sync. Null when no admin group is configured (the directory
   * then does not decide who is an administrator).
   */
  async listAdminUsernames(people: readonly DirectoryPerson[]): Promise<Set<string> | null> {
    const adminGroup = this.#settings.adminGroup;
    if (adminGroup === '') return null;
    const memberAttribute = this.#settings.groupMemberAttribute;
    const isDn = adminGroup.includes('=');
    return this.#withService(async (session) => {
      try {
        const entries = isDn
          ? await this.#search(session, adminGroup, parseConfiguredFilter('(objectClass=*)'), { scope: 'base', attributes: ['cn', memberAttribute] })
          : await this.#search(
              session,
              this.#settings.groupBaseDn,
              allOf(...(this.#groupFilter ? [this.#groupFilter] : []), equals('cn', adminGroup)),
              { attributes: ['cn', memberAttribute] },
            );
        return new Set(resolveGroupMembers(entries, memberAttribute, people).flatMap((group) => group.memberUsernames));
      } catch (error) {
        if (error instanceof ResultCodeError && error.code === 32) {
          this.#logger.warn({ adminGroup }, 'ldap: ldap.adminGroup does not exist');
          return new Set<string>();
        }
        throw error;
      }
    });
  }

  /** Connection check for admins: which URL answered, bind, counts, a few sample people. Never throws. */
  async test(): Promise<DirectoryTestReport> {
    const started = Date.now();
    const report: DirectoryTestReport = {
      ok: false,
      url: null,
      startTls: this.#settings.startTls,
      bind: 'not-attempted',
      peopleCount: null,
      groupsCount: null,
      sample: [],
      failedAttempts: [],
      error: null,
      durationMs: 0,
    };
    try {
      const session = await openServiceSession(this.#settings, this.#logger);
      report.url = session.url;
      report.bind = this.#settings.bindDn === '' ? 'anonymous' : 'ok';
      await session.close();
      const people = await this.listPeople();
      report.peopleCount = people.length;
      report.sample = people.slice(0, 5).map(({ username, displayName, mail }) => ({ username, displayName, mail }));
      report.groupsCount = (await this.listGroups({ people })).length;
      report.ok = true;
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) {
        report.failedAttempts = error.attempts;
        if (/service account bind rejected/.test(error.message)) report.bind = 'failed';
      }
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.durationMs = Date.now() - started;
    return report;
  }

  async #search(
    session: DirectorySession,
    base: string,
    filter: Filter,
    options: Pick<SearchOptions, 'sizeLimit' | 'paged' | 'scope' | 'attributes'> = {},
  ): Promise<Entry[]> {
    const { searchEntries } = await session.client.search(base, {
      scope: options.scope ?? 'sub',
      filter,
      attributes: options.attributes ?? this.#attributes,
      explicitBufferAttributes: this.#binary,
      timeLimit: Math.ceil(this.#settings.searchTimeoutMs / 1000),
      ...(options.sizeLimit === undefined ? {} : { sizeLimit: options.sizeLimit }),
      ...(options.paged === undefined ? {} : { paged: options.paged }),
    });
    return searchEntries;
  }

  /** Runs `work` on a service session; any non-LDAP failure becomes DirectoryUnavailableError. */
  async #withService<T>(work: (session: DirectorySession) => Promise<T>): Promise<T> {
    const session = await openServiceSession(this.#settings, this.#logger);
    try {
      return await work(session);
    } catch (error) {
      if (error instanceof ResultCodeError || error instanceof DirectoryUnavailableError) throw error;
      throw new DirectoryUnavailableError([{ url: session.url, error: describeLdapError(error) }]);
    } finally {
      await session.close();
    }
  }

  /** Binds as the person on a fresh connection; returns the failure reason, or null on success. */
  async #verifyPassword(preferredUrl: string, dn: string, password: string): Promise<AuthFailureReason | null> {
    try {
      const userSession = await openSession(this.#settings, { dn, password }, this.#logger, preferredUrl);
      await userSession.close();
      return null;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return AD_ACCOUNT_UNUSABLE.test(error.message) ? 'disabled' : 'wrong-password';
      }
      if (error instanceof ResultCodeError) {
        this.#logger.warn({ dn, err: describeLdapError(error) }, 'ldap: directory refused the bind');
        return 'wrong-password';
      }
      throw error;
    }
  }

  /** Zero matches under the user filter: is the login unknown, or known but filtered out / disabled? */
  async #explainNoMatch(session: DirectorySession, login: string, byLogin: Filter): Promise<AuthResult> {
    const outside = await this.#search(session, this.#settings.baseDn, byLogin, { sizeLimit: 1 });
    const entry = outside[0];
    if (!entry) return this.#refuse('unknown-user', { login });
    if (isDisabledAccount(entry)) return this.#refuse('disabled', { login, dn: entry.dn });
    return this.#refuse('excluded', { login, dn: entry.dn, detail: 'entry exists but does not match ldap.userFilter' });
  }

  /** Fills `groups` (names) and `groupRefs` (DN, name, description) of the person. */
  async #loadGroupsOf(session: DirectorySession, person: DirectoryPerson): Promise<void> {
    if (!this.#groupFilter) {
      person.groups = [];
      person.groupRefs = [];
      return;
    }
    const memberAttribute = this.#settings.groupMemberAttribute;
    const value = memberAttribute === 'memberUid' ? person.username : person.dn;
    const entries = await this.#search(session, this.#settings.groupBaseDn, allOf(this.#groupFilter, equals(memberAttribute, value)), {
      paged: { pageSize: PAGE_SIZE },
      attributes: ['cn', 'description'],
    });
    const refs: DirectoryGroupRef[] = entries
      .map((entry) => ({ dn: entry.dn, name: firstText(entry, 'cn'), description: firstText(entry, 'description') }))
      .filter((ref) => ref.name !== '')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    person.groupRefs = refs;
    person.groups = refs.map((ref) => ref.name);
  }

  async #managerUsername(session: DirectorySession, managerDn: string): Promise<string> {
    if (managerDn === '') return '';
    try {
      const entries = await this.#search(session, managerDn, this.#userFilter, {
        scope: 'base',
        attributes: [this.#settings.attributes.username],
      });
      return entries[0] ? firstText(entries[0], this.#settings.attributes.username) : '';
    } catch (error) {
      if (error instanceof ResultCodeError) return ''; // dangling manager DN
      throw error;
    }
  }

  #refuse(reason: AuthFailureReason, details: Record<string, unknown>): AuthResult {
    this.#logger.info({ ...details, reason }, 'ldap: sign-in refused');
    return { ok: false, reason };
  }

  #unavailable(error: unknown, details: Record<string, unknown>): AuthResult {
    this.#logger.error({ ...details, err: describeLdapError(error) }, 'ldap: directory unavailable during sign-in');
    return { ok: false, reason: 'directory-unavailable' };
  }
}
