/** `warble backup <file>` and `warble restore <file>`: online backup of a SQLite instance, restore into an empty data dir. */
import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { resolveDatabaseTarget } from '../db/database-url.js';
import { BackupError, backupSqliteInstance, restoreSqliteInstance } from '../ops/backup.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent backup (database, media, session secret) while Warble keeps serving')
    .action(async (file: string) => {
      try {
        const manifest = await withContainer(
          async ({ sequelize, config, audit }) => {
            const written = await backupSqliteInstance(sequelize, config.dataDir, file);
            await audit.record({ action: 'backup.created', actorId: null, actorLabel: 'cli', detail: { file: path.resolve(file), mediaFiles: written.mediaFiles } });
            return written;
          },
          { migrate: false },
        );
        process.stdout.write(`backup written to ${path.resolve(file)} (${manifest.migrations.length} migrations, ${manifest.mediaFiles} media files)\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
  program
    .command('restore <file>')
    .description('restore a backup into an empty data dir (WARBLE_DATA_DIR); start Warble afterwards')
    .action(async (file: string) => {
      try {
        const config = loadConfig();
        if (resolveDatabaseTarget(config.database.url, config.dataDir).dialect !== 'sqlite') {
          throw new BackupError('warble restore restores SQLite instances; restore PostgreSQL with pg_restore (see docs/deploy.md)');
        }
        const manifest = await restoreSqliteInstance(file, path.resolve(config.dataDir));
        process.stdout.write(`restored the backup of ${manifest.createdAt} into ${path.resolve(config.dataDir)}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
