/**
 * Reading groups from the directory: every group matching the group filter
 * with its members, and membership of `ldap.adminGroup` (one person, for
 * sign-in; everyone, for sync). The admin group may be given as a DN or as a
 * group cn under groupBaseDn; both questions look it up the same way here.
 */
import type { Entry, Filter } from 'ldapts';
import type { DirectorySession } from './connection.js';
import type { DirectoryGroup, DirectoryPerson } from './directory-types.js';
import { PAGE_SIZE, isNoSuchObject, type DirectorySearch } from './directory-search.js';
import { resolveGroupMembers } from './group-members.js';
import { allOf, equals, parseConfiguredFilter } from './ldap-filter.js';

export class DirectoryGroups {
  readonly #directory: DirectorySearch;

  constructor(directory: DirectorySearch) {
    this.#directory = directory;
  }

  /** See DirectoryClient.listGroups; `people` is who members may resolve to. */
  async listGroups(people: readonly DirectoryPerson[]): Promise<DirectoryGroup[]> {
    const { settings, groupFilter } = this.#directory;
    if (!groupFilter) return [];
    const memberAttribute = settings.groupMemberAttribute;
    return this.#directory.withService(async (session) => {
      const entries = await this.#directory.search(session, settings.groupBaseDn, groupFilter, {
        paged: { pageSize: PAGE_SIZE },
        attributes: ['cn', 'description', memberAttribute],
      });
      return resolveGroupMembers(entries, memberAttribute, people);
    });
  }

  /** See DirectoryClient.isAdmin. */
  async isAdmin(person: Pick<DirectoryPerson, 'dn' | 'username'>): Promise<boolean> {
    const { adminGroup, groupMemberAttribute: memberAttribute } = this.#directory.settings;
    if (adminGroup === '') return false;
    const memberValue = memberAttribute === 'memberUid' ? person.username : person.dn;
    return this.#directory.withService(async (session) => {
      const entries = await this.#searchAdminGroup(session, equals(memberAttribute, memberValue), ['1.1']);
      return entries !== null && entries.length > 0;
    });
  }

  /** See DirectoryClient.listAdminUsernames. */
  async listAdminUsernames(people: readonly DirectoryPerson[]): Promise<Set<string> | null> {
    const { adminGroup, groupMemberAttribute: memberAttribute } = this.#directory.settings;
    if (adminGroup === '') return null;
    return this.#directory.withService(async (session) => {
      const entries = await this.#searchAdminGroup(session, null, ['cn', memberAttribute]);
      if (entries === null) return new Set<string>();
      return new Set(resolveGroupMembers(entries, memberAttribute, people).flatMap((group) => group.memberUsernames));
    });
  }

  /**
   * The admin group's entries (none when `memberFilter` is given and matches
   * no member). Null, with a warning, when the group does not exist.
   */
  async #searchAdminGroup(session: DirectorySession, memberFilter: Filter | null, attributes: string[]): Promise<Entry[] | null> {
    const { settings, groupFilter } = this.#directory;
    const adminGroup = settings.adminGroup;
    const memberFilters = memberFilter ? [memberFilter] : [];
    try {
      return adminGroup.includes('=')
        ? await this.#directory.search(session, adminGroup, memberFilter ?? parseConfiguredFilter('(objectClass=*)'), {
            scope: 'base',
            attributes,
          })
        : await this.#directory.search(
            session,
            settings.groupBaseDn,
            allOf(...(groupFilter ? [groupFilter] : []), equals('cn', adminGroup), ...memberFilters),
            { attributes },
          );
    } catch (error) {
      if (isNoSuchObject(error)) {
        this.#directory.logger.warn({ adminGroup }, 'ldap: ldap.adminGroup does not exist');
        return null;
      }
      throw error;
    }
  }
}
