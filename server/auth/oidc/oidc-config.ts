/**
 * Configuration schema of OpenID Connect sign-in, mounted under `auth.oidc`.
 * Every leaf has an environment twin derived from its path, e.g.
 * `auth.oidc.clientId` <-> `WARBLE_AUTH_OIDC_CLIENT_ID`. `{}` parses to a
 * disabled section; when enabled, issuer, clientId and clientSecret are required.
 */
import { z } from 'zod';
import { envBoolean, envInteger } from '../../config/env-values.js';

/** A claim name as providers spell them: letters, digits and `_ - . : /` (Entra ID's role URIs, Auth0's namespaced claims). */
const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,200}$/;

const claimName = (fallback: string) =>
  z.string().trim().default(fallback).refine((name) => name === '' || CLAIM_NAME.test(name), 'expected a claim name such as preferred_username');

export const oidcConfigSchema = z
  .object({
    enabled: envBoolean().default(false),
    /** The issuer URL; its /.well-known/openid-configuration is read at start. */
    issuer: z.string().trim().default(''),
    clientId: z.string().trim().default(''),
    clientSecret: z.string().default(''),
    /** Space-separated scopes asked for; `openid` must be among them. */
    scopes: z.string().trim().default('openid profile email'),
    /** The sign-in button's label. */
    displayName: z.string().trim().min(1).max(100).default('Sign in with single sign-on'),
    /** Claim that names the Warble user name of a new account (lower-cased; an address keeps its local part); empty or absent: the mail address's local part. */
    usernameClaim: claimName('preferred_username'),
    emailClaim: claimName('email'),
    nameClaim: claimName('name'),
    /** Claim listing the person's groups (names or ids); each becomes a Warble group. Empty: groups are not mirrored. */
    groupsClaim: claimName('groups'),
    /** A value of the groups claim whose holders are Warble administrators. Empty: Warble decides who is administrator. */
    adminGroup: z.string().trim().default(''),
    /** On sign-out, also end the session at the provider when it supports RP-initiated logout. */
    endSession: envBoolean().default(true),
    /** How long a request to the provider (discovery, token, keys) may take. */
    timeoutSeconds: envInteger(1, 120).default(10),
    /** Accept an http:// issuer. For tests and labs only: tokens and the client secret would cross the network in clear. */
    allowInsecureIssuer: envBoolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (!config.enabled) return;
    for (const key of ['issuer', 'clientId', 'clientSecret'] as const) {
      if (config[key] === '') ctx.addIssue({ code: 'custom', path: [key], message: `auth.oidc.${key} is required when auth.oidc.enabled is true` });
    }
    if (config.issuer !== '') {
      let protocol = '';
      try {
        protocol = new URL(config.issuer).protocol;
      } catch {
        ctx.addIssue({ code: 'custom', path: ['issuer'], message: `auth.oidc.issuer: "${config.issuer}" is not a URL` });
      }
      if (protocol === 'http:' && !config.allowInsecureIssuer) {
        ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'auth.oidc.issuer must be https:// (auth.oidc.allowInsecureIssuer is for tests and labs only)' });
      } else if (protocol !== '' && protocol !== 'http:' && protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'auth.oidc.issuer must be an https:// URL' });
      }
    }
    if (!config.scopes.split(/\s+/).includes('openid')) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'auth.oidc.scopes must include openid' });
    }
  });

/** Parsed `auth.oidc` config section. */
export type OidcConfig = z.infer<typeof oidcConfigSchema>;
