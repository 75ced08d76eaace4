/**
 * Users as Mastodon API Accounts (https://docs.joinmastodon.org/entities/Account/),
 * plus a `warble` object for what Mastodon has no field for. Converters live
 * in server/serializers/, one entity per file; they never query: counts and
 * other derived values come in as extras.
 */
import type { UserModel } from '../db/models/user.js';
import { escapeHtml } from '../domain/text/render.js';

export interface ApiAccountField {
  name: string;
  value: string;
  verified_at: string | null;
}

export interface ApiAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean;
  group: boolean;
  created_at: string;
  note: string;
  url: string;
  uri: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  last_status_at: string | null;
  emojis: never[];
  fields: ApiAccountField[];
  /** Present (true) only for people the directory removed. */
  suspended?: true;
  /**
   * Warble additions: `verified_by_directory` (the company directory vouches for the account) and
   * `official` (an account administrators marked as speaking for a team; see docs/communication.md).
   */
  warble: {
    title: string | null;
    department: string | null;
    pronouns: string | null;
    location: string | null;
    verified_by_directory: boolean;
    official: boolean;
  };
}

/** The `source` object verify_credentials adds: the raw values a profile editor starts from. */
export interface ApiCredentialAccount extends ApiAccount {
  source: {
    privacy: 'public';
    sensitive: false;
    language: string;
    note: string;
    fields: ApiAccountField[];
    follow_requests_count: number;
  };
}

export interface AccountExtras {
  /** Absolute base URL of the instance, without a trailing slash (publicUrl, or the request's origin). */
  baseUrl: string;
  followersCount?: number;
  followingCount?: number;
  statusesCount?: number;
  lastStatusAt?: Date | null;
}

/** The default profile header, a static asset. */
export const DEFAULT_HEADER_PATH = '/assets/default-header.png';

/** Plain-text profile line: the bio, else the title and department. */
export function accountNoteText(user: UserModel): string {
  if (user.bio && user.bio.trim()) return user.bio.trim();
  return [user.title, user.department].filter((part): part is string => Boolean(part && part.trim())).join(' · ');
}

function profileFields(user: UserModel, verifiedAt: string | null): Array<{ name: string; text: string; verifiedAt: string | null }> {
  const fields: Array<{ name: string; text: string | null }> = [
    { name: 'Title', text: user.title },
    { name: 'Department', text: user.department },
    { name: 'Email', text: user.email },
  ];
  return fields
    .filter((field): field is { name: string; text: string } => typeof field.text === 'string' && field.text.trim() !== '')
    .map((field) => ({ name: field.name, text: field.text, verifiedAt }));
}

/** An ISO 8601 timestamp with milliseconds, as Mastodon clients parse it. */
export const apiTimestamp = (date: Date) => date.toISOString();

export function toApiAccount(user: UserModel, extras: AccountExtras): ApiAccount {
  const base = extras.baseUrl.replace(/\/+$/, '');
  const profileUrl = `${base}/@${user.username}`;
  const avatar = `${base}/avatars/${user.id}`;
  const header = `${base}${DEFAULT_HEADER_PATH}`;
  const fromDirectory = user.source === 'ldap';
  const verifiedAt = fromDirectory ? apiTimestamp(user.updatedAt) : null;
  const note = accountNoteText(user);
  return {
    id: user.id,
    username: user.username,
    acct: user.username,
    display_name: user.displayName,
    locked: false,
    bot: user.isBot === true,
    discoverable: true,
    group: false,
    created_at: apiTimestamp(user.createdAt),
    note: note === '' ? '' : `<p>${escapeHtml(note)}</p>`,
    url: profileUrl,
    uri: profileUrl,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    followers_count: extras.followersCount ?? 0,
    following_count: extras.followingCount ?? 0,
    statuses_count: extras.statusesCount ?? 0,
    last_status_at: extras.lastStatusAt ? extras.lastStatusAt.toISOString().slice(0, 10) : null,
    emojis: [],
    fields: profileFields(user, verifiedAt).map((field) => ({
      name: field.name,
      value: escapeHtml(field.text),
      verified_at: field.verifiedAt,
    })),
    ...(user.deactivatedAt ? { suspended: true as const } : {}),
    warble: {
      title: user.title,
      department: user.department,
      pronouns: user.pronouns ?? null,
      location: user.location ?? null,
      verified_by_directory: fromDirectory,
      official: user.isOfficial === true,
    },
  };
}

/** The signed-in person's own account, with `source` (verify_credentials, update_credentials). */
export function toApiCredentialAccount(user: UserModel, extras: AccountExtras): ApiCredentialAccount {
  const account = toApiAccount(user, extras);
  return {
    ...account,
    source: {
      privacy: 'public',
      sensitive: false,
      language: user.locale ?? '',
      // The raw bio an editor starts from (title and department are their own fields).
      note: user.bio ?? '',
      fields: profileFields(user, account.fields[0]?.verified_at ?? null).map((field) => ({
        name: field.name,
        value: field.text,
        verified_at: field.verifiedAt,
      })),
      follow_requests_count: 0,
    },
  };
}
