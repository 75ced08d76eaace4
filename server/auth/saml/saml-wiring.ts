/**
 * Builds the SAML service provider when `auth.saml.enabled`. Metadata from a
 * file must be usable at start (a broken file is a config error naming the
 * key); metadata from a URL is fetched now if the IdP answers, else on the
 * first sign-in, so an IdP outage does not keep Warble from starting.
 */
import type { Sequelize } from 'sequelize';
import { ConfigError } from '../../config/config-error.js';
import type { WarbleConfig } from '../../config/schema.js';
import { SamlReplayRepository } from '../../db/repositories/saml-replay-repository.js';
import type { Logger } from '../../logging/logger.js';
import { IdpMetadataSource } from './idp-metadata-source.js';
import { SamlReplayCache } from './saml-replay-cache.js';
import { SamlServiceProvider } from './saml-service-provider.js';
import { resolveSamlSettings } from './saml-settings.js';

export async function wireSaml(config: WarbleConfig, sequelize: Sequelize, logger: Logger): Promise<SamlServiceProvider | null> {
  const settings = resolveSamlSettings(config);
  if (!settings) return null;
  const log = logger.child({ component: 'saml' });
  const metadata = new IdpMetadataSource(settings.metadata, log);
  try {
    await metadata.load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (settings.metadata.file !== '') throw new ConfigError(message);
    log.error({ err: error }, 'SAML IdP metadata not loaded; sign-in retries when someone signs in');
  }
  return new SamlServiceProvider(settings, metadata, new SamlReplayCache(new SamlReplayRepository(sequelize)), log);
}
