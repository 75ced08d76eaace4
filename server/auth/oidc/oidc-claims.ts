/**
 * Turns the verified claims of an OpenID Connect sign-in into the profile
 * every single sign-on protocol hands to the account use case, following the
 * configured claim mapping. The account is linked by `iss` + `sub` alone.
 */
import type { ExternalProfile } from '../../services/identity/external-profile.js';
import type { OidcConfig } from './oidc-config.js';

/** The mapping part of auth.oidc. */
export type ClaimMapping = Pick<OidcConfig, 'usernameClaim' | 'emailClaim' | 'nameClaim' | 'groupsClaim' | 'adminGroup'>;

export type Claims = Record<string, unknown>;

/** The claim names the mapping reads (to know whether UserInfo must complete the ID token). */
export function mappedClaimNames(mapping: ClaimMapping): string[] {
  return [mapping.usernameClaim, mapping.emailClaim, mapping.nameClaim, mapping.groupsClaim].filter((name) => name !== '');
}

const text = (claims: Claims, name: string): string | null => {
  if (name === '') return null;
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

/** A group claim is a list of names or ids (a lone string is read as a list of one); absent: null. */
function groupsOf(claims: Claims, name: string): string[] | null {
  if (name === '' || !(name in claims)) return null;
  const value = claims[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return null;
}

export function profileFromClaims(claims: Claims, mapping: ClaimMapping): ExternalProfile {
  const issuer = claims.iss;
  const subject = claims.sub;
  if (typeof issuer !== 'string' || typeof subject !== 'string' || subject === '') throw new Error('ID token without iss or sub');
  const groups = groupsOf(claims, mapping.groupsClaim);
  return {
    provider: 'oidc',
    issuer,
    subject,
    username: text(claims, mapping.usernameClaim),
    email: text(claims, mapping.emailClaim),
    displayName: text(claims, mapping.nameClaim),
    groups,
    // With an admin group configured, no group claim means no proof of membership: not an administrator.
    isAdmin: mapping.adminGroup === '' ? null : (groups ?? []).includes(mapping.adminGroup),
  };
}
