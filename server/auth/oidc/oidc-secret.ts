/** The OpenID Connect client secret, from auth.oidc.clientSecret or the file auth.oidc.clientSecretFile names. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/config-error.js';
import type { OidcConfig } from './oidc-config.js';

/** Reads the secret file once at start; an unreadable or empty file is a configuration error naming the key. */
export function resolveOidcSecret(config: OidcConfig): OidcConfig {
  if (config.clientSecretFile === '') return config;
  let secret: string;
  try {
    secret = readFileSync(config.clientSecretFile, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(`auth.oidc.clientSecretFile: cannot read ${config.clientSecretFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (secret === '') throw new ConfigError(`auth.oidc.clientSecretFile: ${config.clientSecretFile} is empty`);
  return { ...config, clientSecret: secret };
}
