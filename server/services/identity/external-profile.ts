/**
 * What a single sign-on provider (OpenID Connect or SAML 2.0) said about the
 * person who just signed in, already mapped from its claims or attributes.
 * Both protocols end in this shape, so one use case (external-sign-in.ts)
 * creates, links and refreshes accounts for both.
 */
import type { ExternalProvider } from '../../db/models/external-identity.js';

export interface ExternalProfile {
  provider: ExternalProvider;
  /** OIDC `iss`, SAML IdP entityID. */
  issuer: string;
  /** OIDC `sub`, SAML NameID (persistent format): the only thing an account is linked by. */
  subject: string;
  /** Mapped claim/attribute, lower-cased later; null -> derived from the email local part. */
  username: string | null;
  email: string | null;
  displayName: string | null;
  /** null: the provider sent no group claim -> memberships untouched. */
  groups: string[] | null;
  /** From adminGroup; null: no adminGroup configured -> admin flag untouched. */
  isAdmin: boolean | null;
}
