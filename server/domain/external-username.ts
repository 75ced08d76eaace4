/**
 * The Warble user name of a person created on their first single sign-on:
 * from the provider's user-name claim, else the local part of their mail
 * address, made to fit USERNAME_PATTERN. Pure rule.
 */
import { USERNAME_PATTERN } from './account-rules.js';

/** "Jean.Dupont@Contoso.com" -> "jean.dupont", "Zoë Kravitz" -> "zoe-kravitz"; null when nothing usable is left. */
export function usernameFromClaim(raw: string | null): string | null {
  if (raw === null) return null;
  // Entra ID's preferred_username is a UPN (name@domain): the name is the part before the last @.
  const at = raw.lastIndexOf('@');
  const local = at > 0 ? raw.slice(0, at) : raw;
  const candidate = local
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[.-]+$/, '');
  return USERNAME_PATTERN.test(candidate) ? candidate : null;
}

/** The user name for a new account: the user-name claim when it yields one, else the mail address's local part. */
export function externalUsername(usernameClaim: string | null, email: string | null): string | null {
  return usernameFromClaim(usernameClaim) ?? usernameFromClaim(email);
}
