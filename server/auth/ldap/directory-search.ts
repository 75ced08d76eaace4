/**
 * How Warble asks the configured directory anything: the configured user and
 * group filters (parsed once), the person attributes to fetch (binary ones as
 * Buffers), the search time limit, and a service-account session per call.
 * Every reader (sign-in, people, groups) searches through here, so they all
 * apply the same filters and limits and report an unreachable directory the
 * same way.
 */
import { ResultCodeError, type Entry, type Filter, type SearchOptions } from 'ldapts';
import { DirectoryUnavailableError, describeLdapError, openServiceSession, type DirectorySession } from './connection.js';
import type { DirectoryLogger } from './directory-types.js';
import { parseConfiguredFilter } from './ldap-filter.js';
import type { LdapSettings } from './ldap-settings.js';
import { binaryAttributes, personAttributes } from './profile-mapping.js';

/** Page size of paged searches (people, groups). */
export const PAGE_SIZE = 500;

/** The per-search choices a reader may make; everything else comes from the settings. */
export type DirectorySearchOptions = Pick<SearchOptions, 'sizeLimit' | 'paged' | 'scope' | 'attributes'>;

/** LDAP result code 32: the base DN of the search does not exist. */
export function isNoSuchObject(error: unknown): boolean {
  return error instanceof ResultCodeError && error.code === 32;
}

export class DirectorySearch {
  readonly settings: LdapSettings;
  readonly logger: DirectoryLogger;
  /** `ldap.userFilter`: who is a Warble user at all. */
  readonly userFilter: Filter;
  /** `ldap.groupFilter`; null when groups are not read. */
  readonly groupFilter: Filter | null;
  readonly #attributes: string[];
  readonly #binary: string[];

  /** Throws the parser's error when a configured filter is malformed. */
  constructor(settings: LdapSettings, logger: DirectoryLogger) {
    this.settings = settings;
    this.logger = logger;
    this.userFilter = parseConfiguredFilter(settings.userFilter);
    this.groupFilter = settings.groupFilter === '' ? null : parseConfiguredFilter(settings.groupFilter);
    this.#attributes = personAttributes(settings.attributes);
    this.#binary = binaryAttributes(settings.attributes);
  }

  /** Entries under `base` matching `filter`; person attributes unless `options.attributes` says otherwise. */
  async search(session: DirectorySession, base: string, filter: Filter, options: DirectorySearchOptions = {}): Promise<Entry[]> {
    const { searchEntries } = await session.client.search(base, {
      scope: options.scope ?? 'sub',
      filter,
      attributes: options.attributes ?? this.#attributes,
      explicitBufferAttributes: this.#binary,
      timeLimit: Math.ceil(this.settings.searchTimeoutMs / 1000),
      ...(options.sizeLimit === undefined ? {} : { sizeLimit: options.sizeLimit }),
      ...(options.paged === undefined ? {} : { paged: options.paged }),
    });
    return searchEntries;
  }

  /** Runs `work` on a service session; any non-LDAP failure becomes DirectoryUnavailableError. */
  async withService<T>(work: (session: DirectorySession) => Promise<T>): Promise<T> {
    const session = await openServiceSession(this.settings, this.logger);
    try {
      return await work(session);
    } catch (error) {
      if (error instanceof ResultCodeError || error instanceof DirectoryUnavailableError) throw error;
      throw new DirectoryUnavailableError([{ url: session.url, error: describeLdapError(error) }]);
    } finally {
      await session.close();
    }
  }
}
