/**
 * Sequelize's SQLite dialect runs `PRAGMA table_info(<table>)` before every
 * model SELECT, to learn the column types it converts results with, and
 * keeps the answer only for that one query (node_modules/sequelize/lib/
 * dialects/sqlite/query.js, `run`). Under load that doubled the statements of
 * many requests (issue 14: four of the home page's 20). The schema only
 * changes in migrations, so the answer is kept per database file and table,
 * and forgotten whenever this process runs a schema change.
 *
 * Used by the connection class in connect.ts, which sees every statement
 * Sequelize sends.
 */
const TABLE_INFO = /^PRAGMA table_info\(`([^`]+)`\)$/;
const SCHEMA_CHANGE = /^\s*(?:CREATE|ALTER|DROP)\s/i;

const answers = new Map<string, readonly unknown[]>();

/** The cache key of a `PRAGMA table_info` Sequelize sent, or null for any other statement. */
export function tableInfoKey(filename: string, sql: string): string | null {
  const match = TABLE_INFO.exec(sql);
  return match ? `${filename}\u0000${match[1]}` : null;
}

export function cachedTableInfo(key: string): readonly unknown[] | undefined {
  return answers.get(key);
}

export function rememberTableInfo(key: string, rows: readonly unknown[]): void {
  answers.set(key, Object.freeze([...rows]));
}

/** Called with every statement run through Sequelize: a schema change empties the cache. */
export function noteStatement(sql: string): void {
  if (answers.size > 0 && SCHEMA_CHANGE.test(sql)) answers.clear();
}
