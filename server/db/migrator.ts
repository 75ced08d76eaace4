/**
 * Applies migrations with umzug. Each migration and the row recording it are
 * committed in one transaction, so a crash mid-upgrade never leaves a
 * migration applied but unrecorded (or the reverse); re-running is safe.
 * A node refuses a database migrated by a newer Warble: it would not
 * understand the schema, and writing to it could corrupt data.
 */
import { DataTypes, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { Umzug, type UmzugStorage } from 'umzug';
import type { Logger } from '../logging/logger.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration, MigrationContext } from './migrations/migration.js';

const TABLE = 'warble_migrations';

export class DatabaseNewerError extends Error {
  override readonly name = 'DatabaseNewerError';
}

export interface MigrationStatus {
  executed: string[];
  pending: string[];
  unknown: string[];
}

async function ensureTable(sequelize: Sequelize): Promise<void> {
  await sequelize.getQueryInterface().createTable(TABLE, {
    name: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
    applied_at: { type: DataTypes.DATE, allowNull: false },
  });
}

async function executedNames(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ name: string }>(`SELECT name FROM ${TABLE} ORDER BY name`, {
    type: QueryTypes.SELECT,
  });
  return rows.map((row) => row.name);
}

/** Storage whose writes happen inside the migration's transaction (see runInTransaction). */
function transactionalStorage(sequelize: Sequelize): UmzugStorage {
  return {
    executed: () => executedNames(sequelize),
    logMigration: async () => undefined,
    unlogMigration: async () => undefined,
  };
}

function dialectOf(sequelize: Sequelize): MigrationContext['dialect'] {
  return sequelize.getDialect() === 'postgres' ? 'postgres' : 'sqlite';
}

function runInTransaction(sequelize: Sequelize, migration: Migration, direction: 'up' | 'down') {
  return () =>
    sequelize.transaction(async (transaction: Transaction) => {
      const context = { queryInterface: sequelize.getQueryInterface(), transaction, dialect: dialectOf(sequelize) };
      await migration[direction](context);
      if (direction === 'up') {
        await sequelize.query(`INSERT INTO ${TABLE} (name, applied_at) VALUES (:name, :now)`, {
          replacements: { name: migration.name, now: new Date() },
          transaction,
        });
      } else {
        await sequelize.query(`DELETE FROM ${TABLE} WHERE name = :name`, {
          replacements: { name: migration.name },
          transaction,
        });
      }
    });
}

function createUmzug(sequelize: Sequelize, migrations: Migration[], logger?: Logger) {
  return new Umzug({
    migrations: migrations.map((migration) => ({
      name: migration.name,
      up: runInTransaction(sequelize, migration, 'up'),
      down: runInTransaction(sequelize, migration, 'down'),
    })),
    storage: transactionalStorage(sequelize),
    logger: logger
      ? {
          info: (event) => logger.info(event, 'migration'),
          warn: (event) => logger.warn(event, 'migration'),
          error: (event) => logger.error(event, 'migration'),
          debug: (event) => logger.debug(event, 'migration'),
        }
      : undefined,
  });
}

export async function migrationStatus(
  sequelize: Sequelize,
  migrations: Migration[] = allMigrations,
): Promise<MigrationStatus> {
  await ensureTable(sequelize);
  const executed = await executedNames(sequelize);
  const known = new Set(migrations.map((m) => m.name));
  const done = new Set(executed);
  return {
    executed,
    pending: migrations.map((m) => m.name).filter((name) => !done.has(name)),
    unknown: executed.filter((name) => !known.has(name)),
  };
}

/** Brings the schema up to date and returns the names applied now. */
export async function migrateUp(
  sequelize: Sequelize,
  logger?: Logger,
  migrations: Migration[] = allMigrations,
): Promise<string[]> {
  const status = await migrationStatus(sequelize, migrations);
  if (status.unknown.length > 0) {
    throw new DatabaseNewerError(
      `The database was migrated by a newer Warble (unknown migrations: ${status.unknown.join(', ')}). ` +
        'Upgrade this node instead of starting an older one against it.',
    );
  }
  const applied = await createUmzug(sequelize, migrations, logger).up();
  return applied.map((m) => m.name);
}

/** Reverts the most recent migrations (for upgrade tests and emergencies). */
export async function migrateDown(sequelize: Sequelize, steps = 1, migrations: Migration[] = allMigrations) {
  await ensureTable(sequelize);
  const reverted = await createUmzug(sequelize, migrations).down({ step: steps });
  return reverted.map((m) => m.name);
}
