/**
 * What an identity provider (OpenID Connect or SAML) says about the person
 * signing in, already mapped to Warble's fields. Both protocols end in the
 * same account linking (external-sign-in.ts), which sees only this.
 */
export interface ExternalProfile {
  provider: 'oidc' | 'saml';
  /** OIDC `iss`, SAML IdP entityID. */
  issuer: string;
  /** OIDC `sub`, SAML NameID (persistent format): the only thing an account is linked by. */
  subject: string;
  /** Mapped claim/attribute, lower-cased later; null -> derived from the e-mail's local part. */
  username: string | null;
  email: string | null;
  displayName: string | null;
  /** null: the IdP sent no group claim -> memberships untouched. */
  groups: string[] | null;
  /** From adminGroup; null: no adminGroup configured -> admin flag untouched. */
  isAdmin: boolean | null;
}
