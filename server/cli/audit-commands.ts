/** `warble audit`: search the audit log and export it as JSON lines (default) or CSV. */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { validationError } from '../domain/errors.js';
import { AUDIT_CSV_COLUMNS, toAuditCsvRecord, toAuditRow } from '../serializers/audit-event.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

interface AuditOptions {
  action?: string;
  user?: string;
  text?: string;
  from?: string;
  to?: string;
  limit: string;
  format: string;
}

function dateOption(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw validationError(name, `--${name} must be a date such as 2026-11-01`);
  return date;
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('search the audit log (newest first); JSON lines, or CSV with --format csv')
    .option('--action <action>', 'an action, or a prefix ending in a dot (sign-in.)')
    .option('--user <username>', 'entries by this person')
    .option('--text <text>', 'matches the actor, target or details')
    .option('--from <date>', 'entries at or after this date')
    .option('--to <date>', 'entries before this date')
    .option('--limit <n>', 'at most this many entries (up to 1000)', '100')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .action(async (options: AuditOptions) => {
      try {
        if (!['jsonl', 'csv'].includes(options.format)) throw validationError('format', '--format must be jsonl or csv');
        const limit = Number.parseInt(options.limit, 10);
        if (!Number.isInteger(limit) || limit < 1) throw validationError('limit', '--limit must be a positive whole number');
        const rows = await withContainer(async ({ auditEvents, users }) => {
          const actor = options.user ? await users.findByUsername(options.user) : null;
          if (options.user && !actor) throw validationError('user', `no account named ${options.user}`);
          const events = await auditEvents.search({
            action: options.action,
            actorId: actor?.id,
            text: options.text,
            from: dateOption('from', options.from),
            to: dateOption('to', options.to),
            limit,
          });
          return events.map(toAuditRow);
        });
        if (options.format === 'csv') {
          process.stdout.write(stringify(rows.map(toAuditCsvRecord), { header: true, columns: [...AUDIT_CSV_COLUMNS] }));
        } else {
          for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
        }
      } catch (error) {
        reportAndExit(error);
      }
    });
}
