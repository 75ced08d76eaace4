/**
 * Raw SELECTs for the hot read paths (timelines, post hydration).
 *
 * Sequelize sends every non-transaction SQLite query through one shared
 * connection, so concurrent requests queue behind each other (measured: a
 * home timeline page is ~12 ms of queries, capping a node at ~80 pages/s).
 * In WAL mode readers don't block each other or the writer, so on SQLite
 * these reads go to a read-only connection of their own, through
 * better-sqlite3 (better-sqlite-reads.ts says why that driver). On PostgreSQL
 * they use Sequelize's connection pool as everything else does.
 *
 * SQL uses `:name` placeholders; an array value expands to a list for IN.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { BetterSqliteReads } from './better-sqlite-reads.js';

export type Row = Record<string, unknown>;

export interface ReadQueries {
  select<T extends Row = Row>(sql: string, replacements?: Record<string, unknown>): Promise<T[]>;
  close(): Promise<void>;
}

/** Told each query's SQL text and duration (metrics), as Sequelize's `logging` is for its own queries. */
export type OnQuery = (sql: string, milliseconds: number) => void;

class SequelizeReads implements ReadQueries {
  constructor(private readonly sequelize: Sequelize) {}

  select<T extends Row = Row>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }

  async close(): Promise<void> {}
}

export function createReadQueries(
  sequelize: Sequelize,
  /** `onQuery` sees the SQLite read connections' queries; on PostgreSQL these go through Sequelize, whose `logging` sees them. */
  options: { sqliteStorage?: string; busyTimeoutMs: number; onQuery?: OnQuery },
): ReadQueries {
  return options.sqliteStorage
    ? new BetterSqliteReads(options.sqliteStorage, options.busyTimeoutMs, options.onQuery)
    : new SequelizeReads(sequelize);
}
