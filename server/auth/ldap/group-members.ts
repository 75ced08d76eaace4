/**
 * Turns raw group entries into DirectoryGroup: member values (DNs for
 * member/uniqueMember, usernames for memberUid) are resolved against the known
 * people, so a group only ever lists people who can actually sign in.
 */
import type { Entry } from 'ldapts';
import type { DirectoryGroup, DirectoryPerson } from './directory-types.js';
import type { LdapGroupMemberAttribute } from './ldap-config.js';
import { dnFromNameAndOptionalUid, normalizeDn } from './ldap-dn.js';
import { attributeValues, firstText } from './profile-mapping.js';

/** Maps group entries to groups whose members are usernames of `people` (others are dropped). */
export function resolveGroupMembers(
  entries: Entry[],
  memberAttribute: LdapGroupMemberAttribute,
  people: readonly DirectoryPerson[],
): DirectoryGroup[] {
  const byDn = new Map(people.map((person) => [normalizeDn(person.dn), person.username]));
  const byUsername = new Map(people.map((person) => [person.username.toLowerCase(), person.username]));
  return entries.map((entry) => {
    const members = new Set<string>();
    for (const raw of attributeValues(entry, memberAttribute)) {
      const value = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
      const username =
        memberAttribute === 'memberUid'
          ? byUsername.get(value.trim().toLowerCase())
          : byDn.get(normalizeDn(dnFromNameAndOptionalUid(value)));
      if (username) members.add(username);
    }
    return {
      dn: entry.dn,
      name: firstText(entry, 'cn'),
      description: firstText(entry, 'description'),
      memberUsernames: [...members].sort(),
    };
  });
}
