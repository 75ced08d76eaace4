/**
 * Bulk loading for the benchmark seeder, on a connection of its own (not
 * Sequelize: escaping 50 million values through its replacements costs
 * minutes). Rows go in as multi-row INSERTs through one prepared statement
 * per table, inside one transaction, with at most a few batches in flight
 * so generating the next batch overlaps writing the last one.
 *
 * SQLite: no journal and no fsync while seeding (a crash means seeding
 * again), a 1 GB page cache and memory-mapped reads (building each index
 * scans the whole table: through the mapping, not millions of read() calls),
 * foreign keys unchecked (the seeder writes consistent rows; checking costs
 * an index probe per reference).
 * PostgreSQL: `session_replication_role = replica` skips the foreign-key
 * triggers for the same reason, and commits are not waited for.
 *
 * `deferIndexes` drops the secondary indexes (and SQLite's post search
 * trigger) of the big tables and returns what puts them back: one sorted
 * build per index at the end is far cheaper than millions of random
 * B-tree inserts into a tree bigger than the cache.
 */
import pg from 'pg';
import sqlite3 from 'sqlite3';

export interface TableWriter {
  /** Queues one row; returns a promise to await when too many batches are in flight (otherwise undefined). */
  add(row: unknown[]): Promise<void> | undefined;
  /** Writes what is queued and waits for every batch. */
  finish(): Promise<void>;
}

export interface BulkWriter {
  dialect: 'sqlite' | 'postgres';
  table(name: string, columns: readonly string[]): TableWriter;
  exec(sql: string): Promise<void>;
  deferIndexes(tables: readonly string[]): Promise<() => Promise<void>>;
  /** Commits and closes (on SQLite, back to WAL for the server). */
  close(): Promise<void>;
}

type Run = (sql: string, values: unknown[], name: string) => Promise<void>;
const IN_FLIGHT = 4;

function tableWriter(run: Run, table: string, columns: readonly string[], maxParameters: number, placeholder: (index: number) => string): TableWriter {
  const batchRows = Math.max(1, Math.min(1000, Math.floor(maxParameters / columns.length)));
  const statementFor = (rows: number) => {
    let parameter = 0;
    const tuples = Array.from({ length: rows }, () => `(${columns.map(() => placeholder(++parameter)).join(', ')})`);
    return `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
  };
  const fullBatch = statementFor(batchRows);
  let values: unknown[] = [];
  let rows = 0;
  const inFlight: Array<Promise<void>> = [];
  const flush = (name: string, sql: string) => {
    inFlight.push(run(sql, values, name));
    values = [];
    rows = 0;
  };
  return {
    add(row) {
      for (const value of row) values.push(value);
      rows += 1;
      if (rows < batchRows) return undefined;
      flush(`seed_${table}`, fullBatch);
      return inFlight.length > IN_FLIGHT ? inFlight.shift() : undefined;
    },
    async finish() {
      if (rows > 0) flush(`seed_${table}_${rows}`, statementFor(rows));
      await Promise.all(inFlight.splice(0));
    },
  };
}

async function sqliteWriter(storage: string): Promise<BulkWriter> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(storage, (error) => (error ? reject(error) : resolve(opened)));
  });
  const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  const all = (sql: string, values: unknown[] = []) =>
    new Promise<Array<Record<string, string>>>((resolve, reject) => db.all(sql, values, (error, rows: Array<Record<string, string>>) => (error ? reject(error) : resolve(rows))));
  const statements = new Map<string, sqlite3.Statement>();
  const run: Run = (sql, values, name) => {
    let statement = statements.get(name);
    if (!statement) statements.set(name, (statement = db.prepare(sql)));
    return new Promise((resolve, reject) => statement.run(values, (error) => (error ? reject(error) : resolve())));
  };
  await exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1000000; PRAGMA mmap_size = 2147418112; PRAGMA temp_store = MEMORY; BEGIN');
  return {
    dialect: 'sqlite',
    table: (name, columns) => tableWriter(run, name, columns, 32_000, () => '?'),
    exec,
    async deferIndexes(tables) {
      const marks = tables.map(() => '?').join(', ');
      const indexes = await all(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${marks})`, [...tables]);
      const triggers = await all(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = 'posts_fts_insert' AND tbl_name IN (${marks})`, [...tables]);
      for (const { name } of indexes) await exec(`DROP INDEX "${name}"`);
      for (const { name } of triggers) await exec(`DROP TRIGGER "${name}"`);
      return async () => {
        for (const { sql } of indexes) await exec(sql!);
        for (const { sql } of triggers) await exec(sql!);
        // What the dropped trigger would have indexed (as migration 0014 fills it).
        if (triggers.length > 0) await exec(`INSERT INTO posts_fts(rowid, text) SELECT rowid, text FROM posts WHERE deleted_at IS NULL AND repost_of_id IS NULL`);
      };
    },
    async close() {
      for (const statement of statements.values()) await new Promise((resolve) => statement.finalize(resolve));
      // A full ANALYZE: a sampled one (analysis_limit) counted 1,001 rows per value of posts.visibility at
      // 5 million posts, and the planner then chose plans that took minutes per home timeline.
      await exec('COMMIT; PRAGMA journal_mode = WAL; ANALYZE');
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const exec = async (sql: string) => {
    await last;
    await client.query(sql);
  };
  // pg wants one query at a time per client: batches queue here instead of inside pg.
  let last: Promise<unknown> = Promise.resolve();
  const run: Run = (text, values, name) => {
    const next = last.then(() => client.query({ name, text, values }));
    last = next.catch(() => undefined);
    return next.then(() => undefined);
  };
  await exec(`SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; BEGIN`);
  return {
    dialect: 'postgres',
    table: (name, columns) => tableWriter(run, name, columns, 60_000, (index) => `$${index}`),
    exec,
    async deferIndexes(tables) {
      // Indexes that back a primary key or unique constraint stay: they cannot be dropped on their own.
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)
           AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
        [[...tables]],
      );
      for (const { indexname } of rows) await exec(`DROP INDEX "${indexname}"`);
      return async () => {
        for (const { indexdef } of rows) await exec(indexdef);
      };
    },
    async close() {
      await exec('COMMIT; ANALYZE');
      await client.end();
    },
  };
}

export function openBulkWriter(target: { dialect: 'sqlite'; storage: string } | { dialect: 'postgres'; url: string }): Promise<BulkWriter> {
  return target.dialect === 'sqlite' ? sqliteWriter(target.storage) : postgresWriter(target.url);
}
