/**
 * OAuth scopes as Mastodon defines them, and the one rule that matters: does
 * what a token was granted cover what an endpoint needs. `read` and `write`
 * cover their `read:…`/`write:…` parts; the legacy `follow` covers the
 * follow, block and mute parts. Admin scopes are not offered.
 */

const READ_PARTS = ['accounts', 'blocks', 'bookmarks', 'favourites', 'filters', 'follows', 'lists', 'mutes', 'notifications', 'search', 'statuses'];
const WRITE_PARTS = ['accounts', 'blocks', 'bookmarks', 'conversations', 'favourites', 'filters', 'follows', 'lists', 'media', 'mutes', 'notifications', 'reports', 'statuses'];
const FOLLOW_PARTS = ['read:blocks', 'write:blocks', 'read:follows', 'write:follows', 'read:mutes', 'write:mutes'];

/** Every scope a client may ask for. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'read',
  'write',
  'follow',
  'push',
  'profile',
  ...READ_PARTS.map((part) => `read:${part}`),
  ...WRITE_PARTS.map((part) => `write:${part}`),
]);

/** What an app or authorisation gets when it names no scope (Mastodon's default). */
export const DEFAULT_SCOPES: readonly string[] = ['read'];

/** The top-level scopes people pick from on the settings page. */
export const TOP_LEVEL_SCOPES = ['read', 'write', 'follow', 'push'] as const;

export type ScopeParse = { ok: true; scopes: string[] } | { ok: false; unknown: string };

/** Splits `"read write:statuses"` (or `read+write`) into distinct known scopes; empty gives the default. */
export function parseScopes(value: unknown): ScopeParse {
  const raw = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const scopes = [...new Set(raw.split(/[\s+]+/).filter((scope) => scope !== ''))];
  const unknown = scopes.find((scope) => !KNOWN_SCOPES.has(scope));
  if (unknown !== undefined) return { ok: false, unknown };
  return { ok: true, scopes: scopes.length > 0 ? scopes : [...DEFAULT_SCOPES] };
}

/** True when `granted` covers the single scope `required`. */
export function scopeCovers(granted: readonly string[], required: string): boolean {
  const direct = granted.some(
    (scope) => scope === required || required.startsWith(`${scope}:`) || (scope === 'follow' && FOLLOW_PARTS.includes(required)),
  );
  if (direct) return true;
  return required === 'follow' && FOLLOW_PARTS.every((part) => scopeCovers(granted, part));
}

/** True when `granted` covers at least one of `alternatives` (Mastodon endpoints accept e.g. `read:accounts` or `profile`). */
export function scopesAllow(granted: readonly string[], alternatives: readonly string[]): boolean {
  return alternatives.some((required) => scopeCovers(granted, required));
}

/** True when every requested scope is covered by what the app registered. */
export function scopesWithin(requested: readonly string[], registered: readonly string[]): boolean {
  return requested.every((scope) => scopeCovers(registered, scope));
}

/** True when the scopes allow some change at all (`write…`, `follow`, `push`): the floor for any non-GET API call. */
export function grantsAnyWrite(granted: readonly string[]): boolean {
  return granted.some((scope) => scope === 'write' || scope.startsWith('write:') || scope === 'follow' || scope === 'push');
}

export const formatScopes = (scopes: readonly string[]) => scopes.join(' ');
