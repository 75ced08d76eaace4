/**
 * The directory side of "directory sign-in" and directory sync: verifies
 * passwords against LDAP / Active Directory and reads people and groups.
 * It holds no connection between calls (each call opens and closes its own),
 * so a directory restart or fail-over needs no special handling.
 *
 * DirectoryClient is the one object callers hold; the work is done by
 * directory-sign-in.ts (passwords), directory-people.ts and
 * directory-groups.ts (reading), all searching through directory-search.ts,
 * over connections opened by connection.ts.
 */
import { DirectoryUnavailableError, openServiceSession } from './connection.js';
import { DirectoryGroups } from './directory-groups.js';
import { DirectoryPeople } from './directory-people.js';
import { DirectorySearch } from './directory-search.js';
import { DirectorySignIn } from './directory-sign-in.js';
import type { AuthResult, DirectoryGroup, DirectoryLogger, DirectoryPerson, DirectoryTestReport } from './directory-types.js';
import type { LdapSettings } from './ldap-settings.js';

/** Reads people and groups from, and checks passwords against, the configured directory. */
export class DirectoryClient {
  readonly #directory: DirectorySearch;
  readonly #people: DirectoryPeople;
  readonly #groups: DirectoryGroups;
  readonly #signIn: DirectorySignIn;

  /** Throws when a configured filter is malformed. */
  constructor(settings: LdapSettings, logger: DirectoryLogger) {
    this.#directory = new DirectorySearch(settings, logger);
    this.#people = new DirectoryPeople(this.#directory);
    this.#groups = new DirectoryGroups(this.#directory);
    this.#signIn = new DirectorySignIn(this.#directory, this.#people);
    if (!settings.tlsVerify) logger.warn('ldap: TLS certificate verification is off (ldap.tlsVerify=false)');
  }

  /**
   * Checks a login (any of the login attributes) and password. Never binds with
   * an empty password, never binds when the login matches zero or several
   * people, and binds as the person on a fresh connection.
   */
  authenticate(login: string, password: string): Promise<AuthResult> {
    return this.#signIn.authenticate(login, password);
  }

  /**
   * The person with this username among people matching the user filter, or
   * null if there is none. Throws DirectoryUnavailableError when the directory
   * cannot be asked: "not found" and "could not look" must never be confused.
   */
  findPerson(username: string): Promise<DirectoryPerson | null> {
    return this.#people.findPerson(username);
  }

  /** Everyone matching the user filter (paged search), managers resolved to usernames. */
  listPeople(): Promise<DirectoryPerson[]> {
    return this.#people.listPeople();
  }

  /**
   * Groups matching the group filter, members resolved to usernames of people
   * matching the user filter (others, e.g. nested groups, are dropped). Pass
   * `people` from a previous listPeople() to avoid listing them again.
   */
  async listGroups(options: { people?: DirectoryPerson[] } = {}): Promise<DirectoryGroup[]> {
    if (!this.#directory.groupFilter) return [];
    const people = options.people ?? (await this.listPeople());
    return this.#groups.listGroups(people);
  }

  /**
   * True when the person is a member of `ldap.adminGroup` (a DN, or a group cn
   * under groupBaseDn). False when no admin group is configured.
   */
  isAdmin(person: Pick<DirectoryPerson, 'dn' | 'username'>): Promise<boolean> {
    return this.#groups.isAdmin(person);
  }

  /**
   * Usernames (among `people`) of the members of `ldap.adminGroup`, in one
   * search, for sync. Null when no admin group is configured (the directory
   * then does not decide who is an administrator).
   */
  listAdminUsernames(people: readonly DirectoryPerson[]): Promise<Set<string> | null> {
    return this.#groups.listAdminUsernames(people);
  }

  /** Connection check for admins: which URL answered, bind, counts, a few sample people. Never throws. */
  async test(): Promise<DirectoryTestReport> {
    const settings = this.#directory.settings;
    const started = Date.now();
    const report: DirectoryTestReport = {
      ok: false,
      url: null,
      startTls: settings.startTls,
      bind: 'not-attempted',
      peopleCount: null,
      groupsCount: null,
      sample: [],
      failedAttempts: [],
      error: null,
      durationMs: 0,
    };
    try {
      const session = await openServiceSession(settings, this.#directory.logger);
      report.url = session.url;
      report.bind = settings.bindDn === '' ? 'anonymous' : 'ok';
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
}
