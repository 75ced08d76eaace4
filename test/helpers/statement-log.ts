/**
 * Records every SQL statement the database drivers are asked to run, seen
 * at the driver (sqlite3, pg), below Sequelize and the raw read pool: so the
 * statements Sequelize issues on its own (SQLite's `PRAGMA table_info` before
 * a model query) are counted too. Observation only: each call still goes to
 * the real driver unchanged. One log at a time; `stop()` restores the drivers.
 */
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

/** Prepared statements are counted when they run, not when they are prepared (the read pool reuses them). */
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
