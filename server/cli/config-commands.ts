/** `warble config check`: validate the configuration and say what it selects. */
import type { Command } from 'commander';
import { configFilePath, loadConfig } from '../config/load-config.js';
import { resolveDatabaseTarget } from '../db/database-url.js';
import { reportAndExit } from './report.js';

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
          `  directory: ${loaded.ldap.enabled ? 'LDAP enabled' : 'off (local accounts)'}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
