/**
 * `warble digest run [--user <name>] [--dry-run]`: sends the email digests
 * due now (servers also do it every digest.intervalMinutes; cron can call
 * this instead). Safe to run any number of times and on several nodes at
 * once: a digest goes out once per person and period.
 */
import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { validationError } from '../domain/errors.js';
import type { DigestRunReport } from '../services/digests/digest-run.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

function summary(report: DigestRunReport): string {
  const due = report.due.length > 0 ? report.due.join(', ') : 'none';
  if (report.status === 'busy') return `digests are being sent by another node (due: ${due})\n`;
  if (report.due.length === 0) return 'no digest is due yet (see digest.hourUtc and digest.weekday)\n';
  const verb = report.dryRun ? 'would send' : 'sent';
  return `${verb} ${report.sent}, skipped ${report.skipped} (nothing new), failed ${report.failed}, already done ${report.alreadyDone} (due: ${due})\n`;
}

export function registerDigestCommands(program: Command): void {
  const digest = program.command('digest').description('email digests (smtp.* and digest.* in the configuration)');
  digest
    .command('run')
    .description('send the digests due now, once per person and period')
    .option('--user <username>', 'only this person')
    .option('--dry-run', 'count what would be sent; send and record nothing')
    .action(async (options: { user?: string; dryRun?: boolean }) => {
      try {
        const report = await withContainer(async (container) => {
          if (options.user !== undefined && !(await container.users.findByUsername(options.user))) {
            throw validationError('user', `no account named ${options.user}`);
          }
          return container.digests.run({ username: options.user, dryRun: options.dryRun === true });
        });
        if (report.status === 'off') throw new ConfigError('smtp.host (WARBLE_SMTP_HOST): set a mail relay to send digests');
        process.stdout.write(summary(report));
        // Cron and monitoring see a run that could not send everything.
        if (report.failed > 0) process.exitCode = 1;
      } catch (error) {
        reportAndExit(error);
      }
    });
}
