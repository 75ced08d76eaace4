/**
 * Maps the attributes of a verified assertion to Warble's ExternalProfile,
 * with the attribute names IT configured (auth.saml.*Attribute). The
 * account is linked by the NameID alone; attributes only fill the profile.
 */
import type { ExternalProfile } from '../../services/identity/external-profile.js';
import type { CheckedAssertion } from './saml-assertion-checks.js';
import type { SamlAttributeMapping } from './saml-settings.js';

/** Attribute values as node-saml gives them: a string, a list, or an object for structured values. */
function values(attributes: Record<string, unknown>, name: string): string[] | null {
  if (name === '' || !Object.prototype.hasOwnProperty.call(attributes, name)) return null;
  const raw = attributes[name];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((value): value is string => typeof value === 'string').map((value) => value.trim()).filter((value) => value !== '');
}

function first(attributes: Record<string, unknown>, name: string): string | null {
  return values(attributes, name)?.[0] ?? null;
}

export function samlProfileOf(checked: CheckedAssertion, attributes: Record<string, unknown>, mapping: SamlAttributeMapping): ExternalProfile {
  const groups = values(attributes, mapping.groups);
  return {
    provider: 'saml',
    issuer: checked.issuer,
    subject: checked.nameId,
    username: first(attributes, mapping.username),
    email: first(attributes, mapping.email),
    displayName: first(attributes, mapping.displayName),
    groups,
    // No adminGroup, or no group attribute sent: the admin flag is not SAML's to change.
    isAdmin: mapping.adminGroup === '' || groups === null ? null : groups.includes(mapping.adminGroup),
  };
}
