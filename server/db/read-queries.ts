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

/**
 * `:name` -> `?` with positional values; arrays become `?, ?, ?` (arrays are
 * only ever IN lists). With `padLists`, a list is lengthened by repeating its
 * last value to a few fixed lengths: `IN (a, b, b)` means `IN (a, b)`, and
 * queries over 17 or 23 ids then share one SQL text, so one prepared statement.
 */
export function toPositional(
  sql: string,
  replacements: Record<string, unknown>,
  options: { padLists?: boolean } = {},
): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in replacements)) throw new Error(`missing value for :${name}`);
    const value = replacements[name];
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`empty list for :${name}`);
      const length = options.padLists ? paddedLength(value.length) : value.length;
      values.push(...value);
      for (let index = value.length; index < length; index += 1) values.push(value[value.length - 1]);
      return Array.from({ length }, () => '?').join(', ');
    }
    values.push(value instanceof Date ? value.toISOString() : value);
    return '?';
  });
  return { sql: text, values };
}

/** 1-4 as they are, then multiples of 8 up to 64, then of 64; past 1,024 as they are (rare, and far from SQLite's variable limit). */
function paddedLength(length: number): number {
  if (length <= 4 || length > 1024) return length;
  if (length <= 64) return Math.ceil(length / 8) * 8;
  return Math.ceil(length / 64) * 64;
}

/**
 * Prepared statements kept per connection, keyed by SQL text, least recently
 * used dropped first. Preparing costs as much as running: measured on the
 * seeded company, the home merge query (~120 UNION ALL terms) took 1.6 ms to
 * prepare and 1.6 ms to run, and the dozen small lookups of a request cost
 * more to prepare than to run. Values are bound per call, so a statement is
 * shared by every request with the same SQL shape. A finished statement holds
 * no read snapshot (SQLite ends it when the statement completes), so cached
 * statements always read the latest committed rows.
 */
const STATEMENTS_PER_CONNECTION = 128;

interface ReadConnection {
  db: sqlite3.Database;
  busy: number;
  /** Settles once prepared; a statement that fails to prepare is never kept. */
  statements: Map<string, Promise<sqlite3.Statement>>;
}

/** Told each query's SQL text and duration (metrics), as Sequelize's `logging` is for its own queries. */
export type OnQuery = (sql: string, milliseconds: number) => void;

class SqliteReadPool implements ReadQueries {
  private readonly connections: ReadConnection[];

  constructor(storage: string, size: number, busyTimeoutMs: number, private readonly onQuery?: OnQuery) {
    this.connections = Array.from({ length: size }, () => {
      const db = new sqlite3.Database(storage, sqlite3.OPEN_READONLY);
      db.configure('busyTimeout', busyTimeoutMs);
      db.run('PRAGMA cache_size = -32768');
      db.run('PRAGMA mmap_size = 268435456');
      return { db, busy: 0, statements: new Map() };
    });
  }

  async select<T extends Row = Row>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    const { sql: text, values } = toPositional(sql, replacements, { padLists: true });
    const connection = this.connections.reduce((least, candidate) => (candidate.busy < least.busy ? candidate : least));
    connection.busy += 1;
    const started = performance.now();
    try {
      const statement = await this.statement(connection, text);
      return await new Promise<T[]>((resolve, reject) => {
        // A statement runs one call at a time; node-sqlite3 queues concurrent calls on it.
        statement.all(values, (error, rows) => {
          if (error) {
            this.forget(connection, text);
            reject(error);
          } else resolve(rows as T[]);
        });
      });
    } finally {
      connection.busy -= 1;
      this.onQuery?.(text, performance.now() - started);
    }
  }

  private statement(connection: ReadConnection, text: string): Promise<sqlite3.Statement> {
    const cached = connection.statements.get(text);
    if (cached) {
      connection.statements.delete(text);
      connection.statements.set(text, cached);
      return cached;
    }
    // Waiting for the prepare matters: node-sqlite3 never calls back a call queued on a statement that failed to prepare.
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const statement = connection.db.prepare(text, (error: Error | null) => {
        if (error) {
          if (connection.statements.get(text) === prepared) connection.statements.delete(text);
          reject(error);
        } else resolve(statement);
      });
    });
    connection.statements.set(text, prepared);
    if (connection.statements.size > STATEMENTS_PER_CONNECTION) {
      this.forget(connection, connection.statements.keys().next().value as string);
    }
    return prepared;
  }

  /** Finalizing waits for calls already queued on the statement. */
  private forget(connection: ReadConnection, text: string): void {
    const statement = connection.statements.get(text);
    connection.statements.delete(text);
    statement?.then((prepared) => prepared.finalize(), () => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.connections.map(async ({ db, statements }) => {
        const prepared = await Promise.allSettled(statements.values());
        statements.clear();
        for (const result of prepared) if (result.status === 'fulfilled') result.value.finalize();
        await new Promise<void>((resolve) => db.close(() => resolve()));
      }),
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
  /** `onQuery` sees the SQLite read connections' queries; on PostgreSQL these go through Sequelize, whose `logging` sees them. */
  options: { sqliteStorage?: string; size: number; busyTimeoutMs: number; onQuery?: OnQuery },
): ReadQueries {
  return options.sqliteStorage
    ? new SqliteReadPool(options.sqliteStorage, options.size, options.busyTimeoutMs, options.onQuery)
    : new SequelizeReads(sequelize);
}
