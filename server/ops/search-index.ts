/**
 * Rebuilds the SQLite full-text indexes of a database file. posts_fts and
 * users_fts (migration 0014) are external-content FTS5 tables keyed by the
 * implicit rowids of posts and users, and SQLite documents that VACUUM — so
 * also `VACUUM INTO`, the backup's copy — may renumber implicit rowids: the
 * index would then point at the wrong rows, and search would find other posts
 * or none. Backup rebuilds its copy and restore rebuilds what it puts in place
 * (archives written before this existed included). See docs/search.md.
 */
import sqlite3 from 'sqlite3';

/**
 * Only live originals are indexed (the condition of the posts_fts triggers in
 * migration 0014), so the posts index is refilled by hand: FTS5's 'rebuild'
 * would index deleted posts and reposts too, entries the delete trigger later
 * skips and so never removes.
 */
const POSTS_FTS = [
  `INSERT INTO posts_fts(posts_fts) VALUES ('delete-all')`,
  `INSERT INTO posts_fts(rowid, text) SELECT rowid, text FROM posts WHERE deleted_at IS NULL AND repost_of_id IS NULL`,
];
const USERS_FTS = [`INSERT INTO users_fts(users_fts) VALUES ('rebuild')`];

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => db.all<T>(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

/** Rebuilds posts_fts and users_fts in `file` in one transaction; a database from before search is left alone. */
export async function rebuildSearchIndexes(file: string): Promise<void> {
  const db = await open(file);
  try {
    const rows = await all<{ name: string }>(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('posts_fts', 'users_fts')`);
    const present = new Set(rows.map((row) => row.name));
    const statements = [...(present.has('posts_fts') ? POSTS_FTS : []), ...(present.has('users_fts') ? USERS_FTS : [])];
    if (statements.length === 0) return;
    // On an error the transaction is left open and rolled back when the connection closes.
    await exec(db, ['BEGIN', ...statements, 'COMMIT'].join(';\n'));
  } finally {
    await close(db);
  }
}
