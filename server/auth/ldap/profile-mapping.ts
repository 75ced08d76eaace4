/**
 * Maps raw ldapts search entries to DirectoryPerson through `ldap.attributes`.
 * Attribute names are matched case-insensitively (servers may echo a different
 * case than configured), multi-valued attributes take their first non-empty
 * value, and the photo is always a Buffer.
 */
import type { Entry } from 'ldapts';
import type { DirectoryPerson } from './directory-types.js';
import type { LdapAttributeMap } from './ldap-presets.js';

type RawValue = string | Buffer;

/** All values of `name` on the entry, whatever case the server used. */
export function attributeValues(entry: Entry, name: string): RawValue[] {
  if (name === '') return [];
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn' || key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value : [value];
  }
  return [];
}

/** First non-empty value of `name` as text, or ''. */
export function firstText(entry: Entry, name: string): string {
  for (const value of attributeValues(entry, name)) {
    const text = (Buffer.isBuffer(value) ? value.toString('utf8') : value).trim();
    if (text !== '') return text;
  }
  return '';
}

/** Attributes to request so that `toDirectoryPerson` and the disabled check have what they need. */
export function personAttributes(map: LdapAttributeMap): string[] {
  const names = new Set<string>(['cn', 'userAccountControl']);
  for (const name of Object.values(map)) if (name !== '') names.add(name);
  return [...names];
}

/** Attributes ldapts must hand back as Buffers (binary photo). */
export function binaryAttributes(map: LdapAttributeMap): string[] {
  return map.photo === '' ? [] : [...new Set([map.photo, map.photo.toLowerCase()])];
}

/**
 * Active Directory: true when userAccountControl has ACCOUNTDISABLE (bit 2).
 * False when the attribute is absent (any non-AD directory).
 */
export function isDisabledAccount(entry: Entry): boolean {
  const text = firstText(entry, 'userAccountControl');
  if (!/^\d+$/.test(text)) return false;
  return (Number(text) & 2) === 2;
}

/**
 * Builds the person; null when the entry has no username (such an entry cannot
 * become a Warble account). `manager` is left '' for the caller to resolve.
 */
export function toDirectoryPerson(entry: Entry, map: LdapAttributeMap): DirectoryPerson | null {
  const username = firstText(entry, map.username);
  if (username === '') return null;
  const person: DirectoryPerson = {
    dn: entry.dn,
    username,
    displayName: firstText(entry, map.displayName) || firstText(entry, 'cn') || username,
    mail: firstText(entry, map.mail),
    title: firstText(entry, map.title),
    department: firstText(entry, map.department),
    phone: firstText(entry, map.phone),
    manager: '',
    managerDn: firstText(entry, map.manager),
  };
  const photo = attributeValues(entry, map.photo)[0];
  if (photo !== undefined && photo.length > 0) {
    person.photo = Buffer.isBuffer(photo) ? photo : Buffer.from(photo, 'utf8');
  }
  return person;
}
