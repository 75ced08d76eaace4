/**
 * The hot-path reads on SQLite through better-sqlite3: synchronous, on the
 * main thread, one read-only connection.
 *
 * Measured against node-sqlite3's read pool (bench/sqlite-drivers.ts and
 * bench/company.ts, docs/architecture.md "SQLite driver"): node-sqlite3 runs
 * each statement on libuv's thread pool and builds every row object in a
 * callback, so a home page of ~10 small statements paid ten thread-pool round
 * trips and most of its CPU turning rows into objects. better-sqlite3 runs the
 * same prepared statements in-line; the statements of a request are sub-millisecond
 * (indexed lookups of at most a page of ids), so blocking the event loop for
 * them costs less than the hand-off did. One connection is enough: a
 * synchronous call never overlaps another in the same process.
 *
 * Readers in WAL mode see the latest commit and never block the writer.
 */
import Database from 'better-sqlite3';
import { toPositional } from './positional-sql.js';
import type { OnQuery, ReadQueries, Row } from './read-queries.js';

/** Prepared statements kept, keyed by SQL text; least recently used dropped first (see read-queries.ts on why). */
const STATEMENTS_KEPT = 256;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only; node-sqlite3 also took booleans and undefined. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

export class BetterSqliteReads implements ReadQueries {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(storage: string, busyTimeoutMs: number, private readonly onQuery?: OnQuery) {
    this.db = new Database(storage, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    this.db.pragma('cache_size = -32768');
    this.db.pragma('mmap_size = 268435456');
  }

  // Async only to keep the ReadQueries contract shared with PostgreSQL; the work is done before it returns.
  async select<T extends Row = Row>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    const { sql: text, values } = toPositional(sql, replacements, { padLists: true });
    const started = performance.now();
    try {
      return this.statement(text).all(...values.map(bindable)) as T[];
    } finally {
      this.onQuery?.(text, performance.now() - started);
    }
  }

  private statement(text: string): Database.Statement {
    const cached = this.statements.get(text);
    if (cached) {
      this.statements.delete(text);
      this.statements.set(text, cached);
      return cached;
    }
    const prepared = this.db.prepare(text);
    this.statements.set(text, prepared);
    // Statements are finalized by the garbage collector once no longer referenced.
    if (this.statements.size > STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value as string);
    return prepared;
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}
