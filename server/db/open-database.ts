/**
 * Opens the configured database for the container: connects (SQLite or
 * PostgreSQL), reports query latency and connection gauges to /metrics, and
 * applies pending migrations. A failed migration closes the connection, so a
 * node that refuses to start leaves nothing open.
 */
import type { Sequelize } from 'sequelize';
import type { WarbleConfig } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { registerDatabaseGauges } from '../observability/database-gauges.js';
import { statementKind, type Metrics } from '../observability/metrics.js';
import { connectDatabase } from './connect.js';
import type { DatabaseTarget } from './database-url.js';
import { migrateUp } from './migrator.js';

export async function openDatabase(
  config: WarbleConfig,
  target: DatabaseTarget,
  logger: Logger,
  metrics: Metrics,
  options: { migrate: boolean },
): Promise<Sequelize> {
  const sequelize = await connectDatabase({
    target,
    poolMax: config.database.poolMax,
    busyTimeoutMs: config.database.busyTimeoutMs,
    connectTimeoutSeconds: config.database.connectTimeoutSeconds,
    logger,
    onQuery: (sql, milliseconds) => metrics.dbQueryDuration.observe({ kind: statementKind(sql) }, milliseconds / 1000),
  });
  registerDatabaseGauges(metrics.registry, sequelize);
  try {
    if (options.migrate) {
      const applied = await migrateUp(sequelize, logger);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
    }
  } catch (error) {
    await sequelize.close();
    throw error;
  }
  return sequelize;
}
