/** `warble config check`: validate the configuration and say what it selects. */
import type { Command } from 'commander';
import { LdapConfigError, resolveLdapSettings } from '../auth/ldap/ldap-settings.js';
import { describeSaml } from '../auth/saml/saml-settings.js';
import { ConfigError } from '../config/config-error.js';
import { configFilePath, loadConfig } from '../config/load-config.js';
import { describeUnknownVariable, unknownWarbleVariables } from '../config/unknown-variables.js';
import type { WarbleConfig } from '../config/schema.js';
import { resolveDatabaseTarget } from '../db/database-url.js';
import { reportAndExit } from './report.js';

/** Validates the directory settings as sign-in would use them (files read, filters parsed); errors name the key. */
function describeDirectory(config: WarbleConfig): string {
  if (!config.ldap.enabled) return 'off (local accounts)';
  try {
    const settings = resolveLdapSettings(config.ldap);
    return `LDAP enabled (${settings.preset}, ${settings.urls.join(', ')}${settings.startTls ? ', StartTLS' : ''})`;
  } catch (error) {
    if (error instanceof LdapConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate configuration from file and environment; exit non-zero naming the bad key')
    .action(() => {
      try {
        const loaded = loadConfig();
        const database = resolveDatabaseTarget(loaded.database.url, loaded.dataDir);
        const file = configFilePath(process.env, process.cwd());
        const lines = [
          'configuration is valid',
          `  file:      ${file ?? '(none: defaults and environment)'}`,
          `  listen:    ${loaded.host}:${loaded.port}`,
          `  data dir:  ${loaded.dataDir}`,
          `  database:  ${database.dialect === 'sqlite' ? `sqlite ${database.storage}` : 'postgres'}`,
          `  redis:     ${loaded.redis.url ? 'configured' : 'off (single node)'}`,
          `  directory: ${describeDirectory(loaded)}`,
          // The redirect URI is what IT registers at the identity provider.
          `  sso:       ${loaded.auth.oidc.enabled ? `OpenID Connect (${loaded.auth.oidc.issuer}, redirect URI ${loaded.publicUrl}/auth/oidc/callback)` : 'off'}`,
          `  saml:      ${describeSaml(loaded)}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        // Warnings, not errors: the exit code stays 0 (see unknown-variables.ts).
        for (const variable of unknownWarbleVariables(process.env, loaded)) process.stderr.write(`warning: ${describeUnknownVariable(variable)}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
