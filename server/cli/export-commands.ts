/**
 * `warble export --from DATE --to DATE [--user NAME]… --out FILE [--format csv]`:
 * the compliance export (JSON lines, one record per line; or CSV), audited.
 */
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { validationError } from '../domain/errors.js';
import { ComplianceExport } from '../services/export/compliance-export.js';
import { exportStream, isExportFormat } from '../services/export/export-writer.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

interface ExportOptions {
  from: string;
  to: string;
  user: string[];
  out: string;
  format: string;
}

function parseDate(name: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw validationError(name, `--${name} must be a date such as 2026-11-01`);
  return date;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('compliance export of posts, messages, edits and attachments written in [--from, --to)')
    .requiredOption('--from <date>', 'first day included, e.g. 2026-11-01')
    .requiredOption('--to <date>', 'first day not included')
    .option('--user <username>', 'only this person (repeat for several)', collect, [])
    .requiredOption('--out <file>', 'where to write')
    .option('--format <format>', 'jsonl (one JSON record per line) or csv', 'jsonl')
    .action(async (options: ExportOptions) => {
      try {
        if (!isExportFormat(options.format)) throw validationError('format', '--format must be jsonl or csv');
        const from = parseDate('from', options.from);
        const to = parseDate('to', options.to);
        if (to <= from) throw validationError('to', '--to must be after --from');
        const written = await withContainer(async ({ sequelize, users, audit }) => {
          const authorIds: string[] = [];
          for (const username of options.user) {
            const user = await users.findByUsername(username);
            if (!user) throw validationError('user', `no account named ${username}`);
            authorIds.push(user.id);
          }
          const format = isExportFormat(options.format) ? options.format : 'jsonl';
          const output = exportStream(new ComplianceExport(sequelize).records({ from, to, authorIds }), format);
          await pipeline(output.stream, createWriteStream(options.out, { mode: 0o600 }));
          const count = output.count();
          await audit.record({
            action: 'export.created',
            actorId: null,
            actorLabel: 'cli',
            detail: { from: from.toISOString(), to: to.toISOString(), users: options.user, format: options.format, records: count, file: path.resolve(options.out) },
          });
          return count;
        });
        process.stdout.write(`exported ${written} records to ${path.resolve(options.out)}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
