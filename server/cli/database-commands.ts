/** `warble migrate`: apply pending migrations (or show their status). */
import type { Command } from 'commander';
import { migrationStatus } from '../db/migrator.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--status', 'only list applied and pending migrations')
    .action(async (options: { status?: boolean }) => {
      try {
        await withContainer(
          async ({ sequelize }) => {
            if (options.status) {
              const status = await migrationStatus(sequelize);
              for (const name of status.executed) process.stdout.write(`applied  ${name}\n`);
              for (const name of status.pending) process.stdout.write(`pending  ${name}\n`);
              return;
            }
            const status = await migrationStatus(sequelize);
            process.stdout.write(`database is up to date (${status.executed.length} migrations applied)\n`);
          },
          { migrate: !options.status },
        );
      } catch (error) {
        reportAndExit(error);
      }
    });
}
