/**
 * Which profile fields an account's source owns. A field the company
 * directory or the identity provider fills is overwritten at the next sync or
 * sign-in, so Warble refuses to change it (the person would see their edit
 * silently undone) and shows it locked with where it comes from.
 *
 * Sources are plain strings: new ones ('oidc', 'saml', 'scim') arrive with
 * their own features, and an unknown source owns nothing, like 'local'.
 */

/** Every profile field a person may see locked or edit. */
export type ProfileField = 'displayName' | 'email' | 'title' | 'department' | 'phone' | 'manager' | 'photo' | 'bio' | 'pronouns' | 'location';

/** Who fills the owned fields: shown as "from the company directory" or "from your identity provider". */
export type ProfileOwner = 'directory' | 'identity-provider';

interface SourceOwnership {
  owner: ProfileOwner;
  fields: readonly ProfileField[];
}

/** What each source maps (directory sync: directory-user-upsert.ts; single sign-on: the mapped claims). */
const OWNERSHIP: Readonly<Record<string, SourceOwnership>> = {
  ldap: { owner: 'directory', fields: ['displayName', 'email', 'title', 'department', 'phone', 'manager'] },
  oidc: { owner: 'identity-provider', fields: ['displayName', 'email'] },
  saml: { owner: 'identity-provider', fields: ['displayName', 'email'] },
  scim: { owner: 'identity-provider', fields: ['displayName', 'email', 'title', 'department', 'phone'] },
};

export interface ProfileOwnership {
  /** null: the person owns their whole profile. */
  owner: ProfileOwner | null;
  owns(field: ProfileField): boolean;
}

/**
 * The ownership of one account's profile. The directory owns the photo only
 * while it provides one (photoSource 'directory'): someone whose entry has no
 * photo may upload their own, and directory sync leaves it alone.
 */
export function profileOwnership(account: { source: string; photoSource?: string | null }): ProfileOwnership {
  const entry = Object.hasOwn(OWNERSHIP, account.source) ? OWNERSHIP[account.source] : undefined;
  if (!entry) return { owner: null, owns: () => false };
  const photoOwned = entry.owner === 'directory' && account.photoSource === 'directory';
  return { owner: entry.owner, owns: (field) => entry.fields.includes(field) || (field === 'photo' && photoOwned) };
}
