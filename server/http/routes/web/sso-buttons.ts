/**
 * The single sign-on buttons of the sign-in page: one per enabled provider,
 * labelled with its configured displayName (e.g. "Sign in with Contoso").
 */
import type { WarbleConfig } from '../../../config/schema.js';

export interface SsoButton {
  /** Where the button leads: the protocol's start route. */
  href: string;
  label: string;
}

/** Each provider adds its line here; `returnTo` travels through the provider and back. */
export function ssoButtons(config: WarbleConfig, returnTo: string): SsoButton[] {
  const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const buttons: SsoButton[] = [];
  if (config.auth.oidc.enabled) buttons.push({ href: `/auth/oidc${query}`, label: config.auth.oidc.displayName });
  if (config.auth.saml.enabled) buttons.push({ href: `/auth/saml/login${query}`, label: config.auth.saml.displayName });
  return buttons;
}
