/**
 * Raw SELECTs for the hot read paths (timelines, post hydration).
 *
 * Sequelize sends every non-transaction SQLite query through one shared
 * connection, so concurrent requests queue behind each other (measured: a
 * home timeline page is ~12 ms of queries, capping a node at ~80 pages/s).
 * In WAL mode readers don't block each other or the writer, so on SQLite
 * these reads go to a few read-only connections of their own. On PostgreSQL
 * they use Sequelize's connection pool as everything else does.
 *
 * SQL uses `:name` placeholders; an array value expands to a list for IN.
 */
import sqlite3 from 'sqlite3';
import { QueryTypes, type Sequelize } from 'sequelize';

export type Row = Record<string, unknown>;

export interface ReadQueries {
  select<T extends Row = Row>(sql: string, replacements?: Record<string, unknown>): Promise<T[]>;
  close(): Promise<void>;
}

const PLACEHOLDER = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** `:name` -> `?` with positional values; arrays become `?, ?, ?`. */
export function toPositional(sql: string, replacements: Record<string, unknown>): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in replacements)) throw new Error(`missing value for :${name}`);
    const value = replacements[name];
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`empty list for :${name}`);
      values.push(...value);
      return value.map(() => '?').join(', ');
    }
    values.push(value instanceof Date ? value.toISOString() : value);
    return '?';
  });
  return { sql: text, values };
}

class SqliteReadPool implements ReadQueries {
  private readonly connections: Array<{ db: sqlite3.Database; busy: number }>;

  constructor(storage: string, size: number, busyTimeoutMs: number) {
    this.connections = Array.from({ length: size }, () => {
      const db = new sqlite3.Database(storage, sqlite3.OPEN_READONLY);
      db.configure('busyTimeout', busyTimeoutMs);
      db.run('PRAGMA cache_size = -32768');
      db.run('PRAGMA mmap_size = 268435456');
      return { db, busy: 0 };
    });
  }

  select<T extends Row = Row>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    const { sql: text, values } = toPositional(sql, replacements);
    const connection = this.connections.reduce((least, candidate) => (candidate.busy < least.busy ? candidate : least));
    connection.busy += 1;
    return new Promise<T[]>((resolve, reject) => {
      connection.db.all(text, values, (error, rows) => {
        connection.busy -= 1;
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.connections.map(
        ({ db }) => new Promise<void>((resolve) => db.close(() => resolve())),
      ),
    );
  }
}

class SequelizeReads implements ReadQueries {
  constructor(private readonly sequelize: Sequelize) {}

  select<T extends Row = Row>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }

  async close(): Promise<void> {}
}

export function createReadQueries(
  sequelize: Sequelize,
  options: { sqliteStorage?: string; size: number; busyTimeoutMs: number },
): ReadQueries {
  return options.sqliteStorage
    ? new SqliteReadPool(options.sqliteStorage, options.size, options.busyTimeoutMs)
    : new SequelizeReads(sequelize);
}
