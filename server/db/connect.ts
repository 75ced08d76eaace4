/**
 * Opens the database: SQLite (WAL, foreign keys, busy timeout) by default,
 * PostgreSQL when `database.url` says so. Schema comes only from migrations.
 */
import sqlite3 from 'sqlite3';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logging/logger.js';
import type { DatabaseTarget } from './database-url.js';
import { serializeSqliteTransactions } from './sqlite-write-lock.js';
import { cachedTableInfo, noteStatement, rememberTableInfo, tableInfoKey } from './sqlite-table-info-cache.js';
import { waitForDatabase } from './wait-for-database.js';

/** Opening one PostgreSQL connection takes milliseconds; this long means the server is not there. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface ConnectOptions {
  target: DatabaseTarget;
  poolMax: number;
  busyTimeoutMs: number;
  /** PostgreSQL only: how long to keep retrying a first connection that fails (0: fail at once). */
  connectTimeoutSeconds?: number;
  logger: Logger;
  /** Told each query's duration (metrics). */
  onQuery?: (sql: string, milliseconds: number) => void;
}

/**
 * Sequelize opens one SQLite connection per transaction and offers no
 * connect hook for SQLite, so the busy timeout is set where each is created.
 */
type RowsCallback = (error: Error | null, rows: unknown[]) => void;

function sqliteModuleWithBusyTimeout(busyTimeoutMs: number): typeof sqlite3 {
  class BusyTolerantDatabase extends sqlite3.Database {
    private readonly file: string;

    constructor(filename: string, mode?: number, callback?: (err: Error | null) => void) {
      super(filename, mode ?? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, callback);
      this.file = filename;
      this.configure('busyTimeout', busyTimeoutMs);
      // SQLite's default page cache is 2 MB; a company database is hundreds of MB.
      // A larger cache and memory-mapped reads keep hot index pages out of read() calls.
      this.run('PRAGMA cache_size = -65536');
      this.run('PRAGMA mmap_size = 268435456');
    }

    /** Answers Sequelize's per-query `PRAGMA table_info` from the cache (sqlite-table-info-cache.ts). */
    override all(sql: string, ...params: unknown[]): this {
      const callback = params.length === 1 && typeof params[0] === 'function' ? (params[0] as RowsCallback) : null;
      const key = callback ? tableInfoKey(this.file, sql) : null;
      if (!callback || !key) {
        noteStatement(sql);
        return super.all(sql, ...params);
      }
      const cached = cachedTableInfo(key);
      if (cached) {
        process.nextTick(() => callback(null, [...cached]));
        return this;
      }
      return super.all(sql, (error: Error | null, rows: unknown[]) => {
        if (!error) rememberTableInfo(key, rows);
        callback(error, rows);
      });
    }

    override run(sql: string, ...params: unknown[]): this {
      noteStatement(sql);
      return super.run(sql, ...params);
    }

    override exec(sql: string, callback?: (this: sqlite3.Statement, err: Error | null) => void): this {
      noteStatement(sql);
      return super.exec(sql, callback);
    }
  }
  return { ...sqlite3, Database: BusyTolerantDatabase } as typeof sqlite3;
}

export async function connectDatabase(options: ConnectOptions): Promise<Sequelize> {
  const { target, logger } = options;
  const logging = (sql: string, milliseconds?: number) => {
    if (milliseconds !== undefined) options.onQuery?.(sql, milliseconds);
    logger.trace({ sql, ms: milliseconds }, 'sql');
  };
  const sequelize =
    target.dialect === 'sqlite'
      ? new Sequelize({
          dialect: 'sqlite',
          storage: target.storage,
          dialectModule: sqliteModuleWithBusyTimeout(options.busyTimeoutMs),
          // IMMEDIATE takes the write lock up front: two deferred transactions
          // that both upgrade to writing would otherwise fail with SQLITE_BUSY.
          transactionType: Transaction.TYPES.IMMEDIATE,
          logging,
          benchmark: true,
        })
      : new Sequelize(target.url, {
          dialect: 'postgres',
          pool: { max: options.poolMax, min: 0, idle: 10000 },
          // A server that vanished without a word must fail a request (a 503), not hang it.
          dialectOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
          logging,
          benchmark: true,
        });
  if (target.dialect === 'postgres') await waitForDatabase(sequelize, target.url, options.connectTimeoutSeconds ?? 0, logger);
  else await sequelize.authenticate();
  if (target.dialect === 'sqlite') {
    await sequelize.query('PRAGMA journal_mode = WAL');
    await sequelize.query('PRAGMA foreign_keys = ON');
    serializeSqliteTransactions(sequelize);
  }
  return sequelize;
}
