/**
 * `warble ldap test` and `warble ldap sync`: what IT runs while setting up
 * directory sign-in, and to force a sync after a directory change.
 */
import type { Command } from 'commander';
import { DirectoryClient } from '../auth/ldap/directory-client.js';
import type { DirectoryTestReport } from '../auth/ldap/directory-types.js';
import { LdapConfigError, resolveLdapSettings } from '../auth/ldap/ldap-settings.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import type { SyncReport } from '../services/directory-sync.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

/** The connection report as lines a person reads in a terminal. */
export function formatTestReport(report: DirectoryTestReport): string {
  const lines = [
    report.ok ? 'directory connection OK' : 'directory connection FAILED',
    `  server:     ${report.url ?? '(none answered)'}${report.startTls ? ' (StartTLS)' : ''}`,
    `  bind:       ${report.bind}`,
    `  people:     ${report.peopleCount ?? '-'} matching ldap.userFilter`,
    `  groups:     ${report.groupsCount ?? '-'} matching ldap.groupFilter`,
  ];
  for (const person of report.sample) lines.push(`    ${person.username}  ${person.displayName}  <${person.mail}>`);
  for (const attempt of report.failedAttempts) lines.push(`  tried:      ${attempt.url}: ${attempt.error}`);
  if (report.error) lines.push(`  error:      ${report.error}`);
  lines.push(`  took:       ${report.durationMs} ms`);
  return `${lines.join('\n')}\n`;
}

/** The sync result as one line per count. */
export function formatSyncReport(report: SyncReport): string {
  if (report.status === 'skipped') return 'directory sync skipped: another node is running it\n';
  const lines = [
    report.status === 'succeeded' ? 'directory sync finished' : 'directory sync FAILED (nobody was deactivated)',
    `  added:       ${report.added}`,
    `  updated:     ${report.updated}`,
    `  deactivated: ${report.deactivated}`,
    `  reactivated: ${report.reactivated}`,
    `  groups:      ${report.groups}`,
  ];
  if (report.error) lines.push(`  error:       ${report.error}`);
  return `${lines.join('\n')}\n`;
}

function directoryOff(): ConfigError {
  return new ConfigError('ldap.enabled (WARBLE_LDAP_ENABLED) is false: directory sign-in is off');
}

export function registerLdapCommands(program: Command): void {
  const ldap = program.command('ldap').description('directory (LDAP / Active Directory) sign-in');
  ldap
    .command('test')
    .description('connect and bind with the configured settings, and report what the directory holds')
    .action(async () => {
      try {
        const config = loadConfig();
        if (!config.ldap.enabled) throw directoryOff();
        let settings;
        try {
          settings = resolveLdapSettings(config.ldap);
        } catch (error) {
          throw error instanceof LdapConfigError ? new ConfigError(error.message) : error;
        }
        const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { stream: 'stderr' });
        const report = await new DirectoryClient(settings, logger).test();
        process.stdout.write(formatTestReport(report));
        process.exitCode = report.ok ? 0 : 1;
      } catch (error) {
        reportAndExit(error);
      }
    });
  ldap
    .command('sync')
    .description('sync people and groups from the directory now (deactivates people who left)')
    .action(async () => {
      try {
        const report = await withContainer(async ({ directory }) => {
          if (!directory) throw directoryOff();
          return directory.sync.run('cli');
        });
        process.stdout.write(formatSyncReport(report));
        process.exitCode = report.status === 'failed' ? 1 : 0;
      } catch (error) {
        reportAndExit(error);
      }
    });
}
