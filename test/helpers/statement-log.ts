/**
 * Records every SQL statement the database drivers are asked to run, seen
 * at the driver (sqlite3, better-sqlite3, pg), below Sequelize and the raw
 * read connection: so the
 * statements Sequelize issues on its own (SQLite's `PRAGMA table_info` before
 * a model query) are counted too. Observation only: each call still goes to
 * the real driver unchanged. One log at a time; `stop()` restores the drivers.
 */
import BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import sqlite3 from 'sqlite3';

export interface StatementLog {
  /** The statements since the last `clear()`, in the order they were sent. */
  readonly statements: string[];
  clear(): void;
  stop(): void;
}

type Patchable = Record<string, unknown>;

function wrap(target: Patchable, method: string, record: (sql: string) => void): () => void {
  const original = target[method] as (this: unknown, ...args: unknown[]) => unknown;
  target[method] = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    if (typeof first === 'string') record(first);
    else if (first && typeof first === 'object' && typeof (first as { text?: unknown }).text === 'string') record((first as { text: string }).text);
    return original.apply(this, args);
  };
  return () => {
    target[method] = original;
  };
}

/** Prepared statements are counted when they run, not when they are prepared (they are reused). */
function wrapStatement(method: string, record: (sql: string) => void): () => void {
  const target = sqlite3.Statement.prototype as unknown as Patchable;
  const original = target[method] as (this: sqlite3.Statement & { sql?: string }, ...args: unknown[]) => unknown;
  target[method] = function (this: sqlite3.Statement & { sql?: string }, ...args: unknown[]) {
    record(this.sql ?? '(prepared statement)');
    return original.apply(this, args);
  };
  return () => {
    target[method] = original;
  };
}

/** better-sqlite3 exports no Statement class; its prototype is reached through one statement. */
function betterSqliteStatementPrototype(): Patchable {
  const db = new BetterSqlite(':memory:');
  try {
    return Object.getPrototypeOf(db.prepare('SELECT 1')) as Patchable;
  } finally {
    db.close();
  }
}

/** A better-sqlite3 statement runs when one of these is called; `source` is its SQL. */
function wrapBetterSqliteStatements(record: (sql: string) => void): Array<() => void> {
  const target = betterSqliteStatementPrototype();
  return ['all', 'get', 'run', 'iterate'].map((method) => {
    const original = target[method] as (this: { source: string }, ...args: unknown[]) => unknown;
    target[method] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source);
      return original.apply(this, args);
    };
    return () => {
      target[method] = original;
    };
  });
}

let active = false;

export function logStatements(): StatementLog {
  if (active) throw new Error('one statement log at a time');
  active = true;
  const statements: string[] = [];
  const record = (sql: string) => statements.push(sql.trim());
  const database = sqlite3.Database.prototype as unknown as Patchable;
  const restore = [
    // Database#all/run/get/each prepare a Statement and run it (counted below); only exec runs SQL directly.
    wrap(database, 'exec', record),
    ...['all', 'run', 'get', 'each'].map((method) => wrapStatement(method, record)),
    ...wrapBetterSqliteStatements(record),
    wrap(pg.Client.prototype as unknown as Patchable, 'query', record),
  ];
  return {
    statements,
    clear: () => {
      statements.length = 0;
    },
    stop: () => {
      for (const undo of restore) undo();
      active = false;
    },
  };
}
