/**
 * Turns the `auth.saml` config section into what the service provider runs
 * on: absolute URLs derived from publicUrl, the optional request-signing key
 * read from its files. A problem is a ConfigError naming the key.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/config-error.js';
import type { WarbleConfig } from '../../config/schema.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { nameIdFormatUrn } from './saml-config.js';

export const SAML_LOGIN_PATH = '/auth/saml/login';
export const SAML_METADATA_PATH = '/auth/saml/metadata';
export const SAML_ACS_PATH = '/auth/saml/acs';

/** Which assertion attributes feed the profile ('' = not mapped). */
export interface SamlAttributeMapping {
  username: string;
  email: string;
  displayName: string;
  groups: string;
  adminGroup: string;
}

export interface SamlSettings {
  displayName: string;
  spEntityId: string;
  /** The Assertion Consumer Service URL: assertions must name it as Recipient (and Destination). */
  acsUrl: string;
  nameIdFormat: string;
  attributes: SamlAttributeMapping;
  clockSkewMs: number;
  /** Signs AuthnRequests when the IdP wants them signed. */
  signing: { privateKey: string; certificate: string } | null;
  metadata: { url: string; file: string; refreshMs: number };
}

function readPem(path: string, key: string, label: RegExp): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`auth.saml.${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!label.test(text)) throw new ConfigError(`auth.saml.${key}: ${path} is not a PEM file of the expected kind`);
  return text;
}

/** Settings when `auth.saml.enabled`, else null. */
export function resolveSamlSettings(config: WarbleConfig): SamlSettings | null {
  const saml = config.auth.saml;
  if (!saml.enabled) return null;
  // The schema already refuses an empty publicUrl with SAML on; kept for callers building configs by hand.
  if (config.publicUrl === '') throw new ConfigError('publicUrl: required when auth.saml.enabled is true');
  const signing =
    saml.spPrivateKeyFile !== ''
      ? {
          privateKey: readPem(saml.spPrivateKeyFile, 'spPrivateKeyFile', /-----BEGIN (RSA |EC )?PRIVATE KEY-----/),
          certificate: readPem(saml.spCertificateFile, 'spCertificateFile', /-----BEGIN CERTIFICATE-----/),
        }
      : null;
  return {
    displayName: saml.displayName,
    spEntityId: saml.spEntityId !== '' ? saml.spEntityId : `${config.publicUrl}${SAML_METADATA_PATH}`,
    acsUrl: `${config.publicUrl}${SAML_ACS_PATH}`,
    nameIdFormat: nameIdFormatUrn(saml.nameIdFormat),
    attributes: {
      username: saml.usernameAttribute,
      email: saml.emailAttribute,
      displayName: saml.nameAttribute,
      groups: saml.groupsAttribute,
      adminGroup: saml.adminGroup,
    },
    clockSkewMs: saml.clockSkewSeconds * 1000,
    signing,
    metadata: { url: saml.idpMetadataUrl, file: saml.idpMetadataFile, refreshMs: saml.idpMetadataRefreshMinutes * 60_000 },
  };
}

/** One line for `warble config check`; a metadata file is read and parsed as sign-in would (a problem names the key). */
export function describeSaml(config: WarbleConfig): string {
  const settings = resolveSamlSettings(config);
  if (!settings) return 'off';
  let idp = settings.metadata.url;
  if (settings.metadata.file !== '') {
    try {
      idp = parseIdpMetadata(readFileSync(settings.metadata.file, 'utf8')).entityId;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new ConfigError(`auth.saml.idpMetadataFile: ${reason}`);
    }
  }
  return `SAML enabled (SP ${settings.spEntityId}, IdP ${idp}${settings.signing ? ', signed requests' : ''})`;
}
