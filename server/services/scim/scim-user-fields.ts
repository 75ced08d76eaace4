/**
 * The SCIM User resource and a Warble account, both ways: which SCIM
 * attributes fill which profile fields (the same fields directory sync
 * fills), and the SCIM representation of an account SCIM provisioned.
 */
import type { ScimResourceModel } from '../../db/models/scim-resource.js';
import type { UserModel } from '../../db/models/user.js';
import { USERNAME_PATTERN } from '../../domain/account-rules.js';
import { ENTERPRISE_USER, scimError, type SCIMMY } from './scim-protocol.js';

type Json = Record<string, unknown>;

/** What SCIM says of a person, in Warble's terms. */
export interface ScimUserInput {
  /** The SCIM userName as sent (e.g. a UPN). */
  userName: string;
  /** The Warble user name derived from it. */
  username: string;
  externalId: string | null;
  /** null when the body did not say: a PUT without `active` keeps the account's state. */
  active: boolean | null;
  displayName: string;
  email: string | null;
  title: string | null;
  department: string | null;
  phone: string | null;
  /** The SCIM id (Warble user id) of the person's manager, when given. */
  managerId: string | null;
}

const cut = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : [...text].slice(0, max).join('');
};

/**
 * The Warble user name for a SCIM userName: the part before the @ of a UPN
 * or address (people are @alice in posts, not @alice@contoso.com),
 * lower-cased, accents dropped, other characters made dashes. Null when
 * nothing valid is left.
 */
export function usernameFor(userName: string): string | null {
  const at = userName.lastIndexOf('@');
  const local = (at > 0 ? userName.slice(0, at) : userName)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-');
  return USERNAME_PATTERN.test(local) ? local : null;
}

/** The value of the entry of a multi-valued attribute Warble keeps one of: primary, else work, else the first. */
function preferred(entries: unknown): unknown {
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  const list = entries as Json[];
  const pick = list.find((entry) => entry?.primary === true) ?? list.find((entry) => entry?.type === 'work') ?? list[0];
  return pick?.value;
}

function displayNameOf(resource: Json, fallback: string): string {
  const name = (resource.name ?? {}) as Json;
  const joined = [name.givenName, name.familyName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
  return cut(resource.displayName, 200) ?? cut(name.formatted, 200) ?? cut(joined, 200) ?? fallback;
}

/** Reads a SCIM User (already coerced by SCIMMY's schema) as Warble fields; a userName Warble cannot use is a 400. */
export function userInputOf(resource: SCIMMY.Schemas.User): ScimUserInput {
  const json = JSON.parse(JSON.stringify(resource)) as Json;
  const userName = typeof json.userName === 'string' ? json.userName.trim() : '';
  const username = usernameFor(userName);
  if (username === null || userName.length > 320) {
    throw scimError(400, 'invalidValue', `userName '${userName}' cannot be used: before any @ it needs letters or digits (at most 64 characters)`);
  }
  const enterprise = (json[ENTERPRISE_USER] ?? {}) as Json;
  const manager = enterprise.manager as Json | undefined;
  return {
    userName,
    username,
    externalId: cut(json.externalId, 255),
    active: typeof json.active === 'boolean' ? json.active : null,
    displayName: displayNameOf(json, username),
    email: cut(typeof preferred(json.emails) === 'string' ? (preferred(json.emails) as string).toLowerCase() : null, 320),
    title: cut(json.title, 200),
    department: cut(enterprise.department, 200),
    phone: cut(preferred(json.phoneNumbers), 100),
    managerId: cut(manager?.value, 26),
  };
}

/** ETag of a resource: changes whenever the row does. */
export const versionOf = (updatedAt: Date): string => `W/"${updatedAt.getTime()}"`;

/** The account as SCIM shows it (the plain object SCIMMY's schema formats on the way out). */
export function scimUserOf(user: UserModel, record: ScimResourceModel, managerId: string | null): Json {
  const enterprise = {
    ...(user.department ? { department: user.department } : {}),
    ...(managerId ? { manager: { value: managerId } } : {}),
  };
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ...(Object.keys(enterprise).length > 0 ? [ENTERPRISE_USER] : [])],
    id: user.id,
    ...(record.externalId ? { externalId: record.externalId } : {}),
    userName: record.userName ?? user.username,
    displayName: user.displayName,
    name: { formatted: user.displayName },
    active: user.deactivatedAt === null,
    ...(user.email ? { emails: [{ value: user.email, type: 'work', primary: true }] } : {}),
    ...(user.phone ? { phoneNumbers: [{ value: user.phone, type: 'work' }] } : {}),
    ...(user.title ? { title: user.title } : {}),
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE_USER]: enterprise } : {}),
    meta: { resourceType: 'User', created: user.createdAt, lastModified: user.updatedAt, version: versionOf(user.updatedAt) },
  };
}
