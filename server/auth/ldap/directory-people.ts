/**
 * Reading people from the directory: one person by username, everyone
 * matching the user filter, and completing a person with their groups and
 * their manager's username. Sign-in and sync both build people here, so a
 * person looks the same whichever way Warble learnt about them.
 */
import { ResultCodeError } from 'ldapts';
import type { DirectorySession } from './connection.js';
import type { DirectoryGroupRef, DirectoryPerson } from './directory-types.js';
import { PAGE_SIZE, type DirectorySearch } from './directory-search.js';
import { normalizeDn } from './ldap-dn.js';
import { allOf, equals } from './ldap-filter.js';
import { firstText, toDirectoryPerson } from './profile-mapping.js';

export class DirectoryPeople {
  readonly #directory: DirectorySearch;

  constructor(directory: DirectorySearch) {
    this.#directory = directory;
  }

  /** See DirectoryClient.findPerson. */
  async findPerson(username: string): Promise<DirectoryPerson | null> {
    const { settings, logger } = this.#directory;
    return this.#directory.withService(async (session) => {
      const filter = allOf(this.#directory.userFilter, equals(settings.attributes.username, username));
      const entries = await this.#directory.search(session, settings.baseDn, filter, { sizeLimit: 2 });
      if (entries.length !== 1) {
        if (entries.length > 1) logger.warn({ username }, 'ldap: several entries share this username');
        return null;
      }
      const person = toDirectoryPerson(entries[0]!, settings.attributes);
      if (!person) return null;
      await this.complete(session, person);
      return person;
    });
  }

  /** See DirectoryClient.listPeople. */
  async listPeople(): Promise<DirectoryPerson[]> {
    const { settings, logger } = this.#directory;
    return this.#directory.withService(async (session) => {
      const entries = await this.#directory.search(session, settings.baseDn, this.#directory.userFilter, {
        paged: { pageSize: PAGE_SIZE },
      });
      const people: DirectoryPerson[] = [];
      const seen = new Set<string>();
      for (const entry of entries) {
        const person = toDirectoryPerson(entry, settings.attributes);
        if (!person) {
          logger.warn({ dn: entry.dn }, 'ldap: skipping entry without username');
          continue;
        }
        const key = person.username.toLowerCase();
        if (seen.has(key)) {
          logger.warn({ dn: entry.dn, username: person.username }, 'ldap: skipping duplicate username');
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

  /** Fills the person's groups and their manager's username (one person: sign-in, findPerson). */
  async complete(session: DirectorySession, person: DirectoryPerson): Promise<void> {
    await this.#loadGroupsOf(session, person);
    person.manager = await this.#managerUsername(session, person.managerDn);
  }

  /** Fills `groups` (names) and `groupRefs` (DN, name, description) of the person. */
  async #loadGroupsOf(session: DirectorySession, person: DirectoryPerson): Promise<void> {
    const { settings, groupFilter } = this.#directory;
    if (!groupFilter) {
      person.groups = [];
      person.groupRefs = [];
      return;
    }
    const memberAttribute = settings.groupMemberAttribute;
    const value = memberAttribute === 'memberUid' ? person.username : person.dn;
    const entries = await this.#directory.search(session, settings.groupBaseDn, allOf(groupFilter, equals(memberAttribute, value)), {
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

  /** The username of the person at `managerDn` (if they match the user filter), or ''. */
  async #managerUsername(session: DirectorySession, managerDn: string): Promise<string> {
    if (managerDn === '') return '';
    const username = this.#directory.settings.attributes.username;
    try {
      const entries = await this.#directory.search(session, managerDn, this.#directory.userFilter, {
        scope: 'base',
        attributes: [username],
      });
      return entries[0] ? firstText(entries[0], username) : '';
    } catch (error) {
      if (error instanceof ResultCodeError) return ''; // dangling manager DN
      throw error;
    }
  }
}
