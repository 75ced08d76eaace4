/**
 * Configuration schema of SAML 2.0 single sign-on, mounted under
 * `auth.saml` of the app config (environment twins `WARBLE_AUTH_SAML_*`,
 * derived from the keys like every other setting).
 *
 * Warble is the service provider (SP); the identity provider (IdP) is
 * described by its metadata, read from a URL or a file. Signed assertions
 * are always required: there is deliberately no key to turn that off.
 */
import { z } from 'zod';
import { envBoolean, envInteger } from '../../config/env-values.js';

const NAME_ID_FORMATS = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
} as const;
/** Short names of the NameID formats Warble may ask for (transient is refused: it changes at every sign-in). */
export const SAML_NAME_ID_FORMATS = Object.keys(NAME_ID_FORMATS) as (keyof typeof NAME_ID_FORMATS)[];
export type SamlNameIdFormat = keyof typeof NAME_ID_FORMATS;
/** The URN of a NameID format short name. */
export const nameIdFormatUrn = (format: SamlNameIdFormat): string => NAME_ID_FORMATS[format];

const text = () => z.string().trim().default('');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLoopback = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname);

/** The `auth.saml` section. `{}` parses to a disabled section; when enabled, one metadata source is required. */
export const samlConfigSchema = z
  .object({
    enabled: envBoolean().default(false),
    /** The sign-in button's label, e.g. "Sign in with Okta". */
    displayName: z.string().trim().min(1).max(60).default('Company single sign-on'),
    /** Where the IdP publishes its metadata (entity ID, sign-in URL, signing certificates). */
    idpMetadataUrl: z
      .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'expected an https:// URL' })])
      .default('')
      // The metadata carries the certificates Warble trusts: plain http would let anyone on the path swap them.
      .refine((url) => url === '' || url.startsWith('https:') || isLoopback(url), 'expected an https:// URL (http:// only on this machine)'),
    /** Or the same metadata saved to a file. */
    idpMetadataFile: text(),
    /** URL metadata is fetched again after this many minutes (the IdP may roll its certificate). */
    idpMetadataRefreshMinutes: envInteger(5, 7 * 24 * 60).default(24 * 60),
    /** Warble's entity ID as the IdP knows it; empty: `<publicUrl>/auth/saml/metadata`. */
    spEntityId: text(),
    /** NameID format asked for; the NameID links the Warble account, so it must be stable. */
    nameIdFormat: z
      .enum(SAML_NAME_ID_FORMATS as [SamlNameIdFormat, ...SamlNameIdFormat[]], {
        error: `expected one of ${SAML_NAME_ID_FORMATS.join(', ')}`,
      })
      .default('persistent'),
    /** Attribute holding the user name; empty: the local part of the e-mail address. */
    usernameAttribute: text(),
    emailAttribute: z.string().trim().default('email'),
    nameAttribute: z.string().trim().default('displayName'),
    /** Attribute listing the person's groups; empty: group memberships are not managed by SAML. */
    groupsAttribute: z.string().trim().default('groups'),
    /** Members of this IdP group are Warble administrators; empty: the admin flag is left alone. */
    adminGroup: text(),
    /** PEM private key signing Warble's AuthnRequests (for IdPs that require signed requests). */
    spPrivateKeyFile: text(),
    /** PEM certificate of that key, published in Warble's metadata. */
    spCertificateFile: text(),
    /** Tolerated clock difference with the IdP when checking NotBefore / NotOnOrAfter. */
    clockSkewSeconds: envInteger(0, 600).default(60),
  })
  .superRefine((config, ctx) => {
    if (!config.enabled) return;
    if (config.idpMetadataUrl === '' && config.idpMetadataFile === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['idpMetadataUrl'],
        message: 'auth.saml.idpMetadataUrl or auth.saml.idpMetadataFile is required when auth.saml.enabled is true',
      });
    }
    if (config.idpMetadataUrl !== '' && config.idpMetadataFile !== '') {
      ctx.addIssue({ code: 'custom', path: ['idpMetadataFile'], message: 'set auth.saml.idpMetadataUrl or auth.saml.idpMetadataFile, not both' });
    }
    if ((config.spPrivateKeyFile === '') !== (config.spCertificateFile === '')) {
      ctx.addIssue({
        code: 'custom',
        path: [config.spPrivateKeyFile === '' ? 'spPrivateKeyFile' : 'spCertificateFile'],
        message: 'auth.saml.spPrivateKeyFile and auth.saml.spCertificateFile go together',
      });
    }
  });

/** Parsed `auth.saml` config section. */
export type SamlConfig = z.infer<typeof samlConfigSchema>;
