/**
 * Search on a seeded company (SQLite): seeds one with bench/seed-company.ts
 * (BENCH_POSTS, default 100,000), rewrites the posts' text from a Zipf-shaped
 * vocabulary (the seeder's posts all say the same thing, which no index can
 * rank), then measures GET /api/v2/search for a rare word, a common word, a
 * phrase, a prefix, people and everything at once, each against the hello
 * route and the company timeline (a page of 20 statuses without search), with autocannon at BENCH_CONNECTIONS. Prints req/s, p50/p99 and RSS.
 *
 *   npx tsx bench/search.ts
 *   (BENCH_DATA_DIR=./bench-search, BENCH_POSTS=100000, BENCH_CONNECTIONS=20, BENCH_SECONDS=5)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { resolveDatabaseTarget } from '../server/db/database-url.js';
import { measure, rotating, signIn, type BenchRow, type BenchSession } from './bench-http.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? './bench-search');
const posts = Number(process.env.BENCH_POSTS ?? 100_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const duration = Number(process.env.BENCH_SECONDS ?? 5);
const root = path.resolve(import.meta.dirname, '..');
/**
 * Deterministic (mulberry32). A textbook LCG in doubles would overflow 2^53 in
 * its multiplication and lose the low bits, making the numbers correlated.
 */
let state = 7;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
  mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
};

const STEMS = ['deploy', 'release', 'incident', 'budget', 'roadmap', 'customer', 'invoice', 'meeting', 'design', 'review', 'launch', 'migrate', 'payroll', 'office', 'travel', 'security', 'network', 'database', 'hiring', 'training'];
const ENDINGS = ['', 'ed', 'ing', 's'];
/** About 4,000 words: the stems with endings first (common), then rare made-up words. */
const VOCABULARY = [...STEMS.flatMap((stem) => ENDINGS.map((ending) => stem + ending)), ...Array.from({ length: 4000 }, (_, n) => `word${n.toString(36)}`)];

function zipfWord(): string {
  // P(rank) ∝ 1/rank: inverse-CDF approximation of a Zipf draw over the vocabulary.
  const rank = Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(random() * Math.log(VOCABULARY.length)) - 1));
  return VOCABULARY[rank]!;
}

function run(db: sqlite3.Database, sql: string, values: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, values, (error) => (error ? reject(error) : resolve())));
}

async function seedCompany(): Promise<void> {
  const marker = path.join(dataDir, '.search-seeded');
  if (existsSync(marker)) return;
  const seeded = spawnSync(process.execPath, ['--import=tsx', path.join(root, 'bench/seed-company.ts')], {
    env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_USERS: '2000', BENCH_GROUPS: '60', BENCH_FOLLOWS: '40', BENCH_POSTS: String(posts) },
    stdio: 'inherit',
    cwd: root,
  });
  if (seeded.status !== 0) throw new Error('seeding failed');
  const target = resolveDatabaseTarget('', dataDir);
  if (target.dialect !== 'sqlite') throw new Error('bench/search.ts measures SQLite');
  const db = new sqlite3.Database(target.storage);
  const started = Date.now();
  await run(db, 'PRAGMA synchronous = OFF');
  await run(db, 'BEGIN');
  const ids = await new Promise<string[]>((resolve, reject) =>
    db.all('SELECT id FROM posts', (error, rows: Array<{ id: string }>) => (error ? reject(error) : resolve(rows.map((row) => row.id)))),
  );
  // The triggers of migration 0014 keep the index current through these updates, as they do in production.
  for (const id of ids) {
    const words = Array.from({ length: 8 + Math.floor(random() * 12) }, zipfWord);
    await run(db, 'UPDATE posts SET text = ? WHERE id = ?', [`${words.join(' ')}.`, id]);
  }
  await run(db, 'COMMIT');
  await run(db, 'ANALYZE');
  await new Promise<void>((resolve) => db.close(() => resolve()));
  console.log(`rewrote ${ids.length} posts' text (index kept by triggers) in ${Math.round((Date.now() - started) / 1000)} s`);
  writeFileSync(marker, new Date().toISOString());
}

/** One route, with the signed-in people taking turns. */
function measureAs(server: BenchServer, route: string, sessions: BenchSession[], pathAndQuery: string): Promise<BenchRow> {
  return measure(server, route, { url: server.url, connections, duration, requests: rotating(sessions, { method: 'GET', path: pathAndQuery }) });
}

await seedCompany();
const server = await startBenchServer({ ...process.env, WARBLE_DATA_DIR: dataDir });
try {
  const sessions: BenchSession[] = [];
  for (let n = 0; n < 20; n += 1) sessions.push(await signIn(server.url, `user${n * 97 + 3}`));
  const q = (text: string, extra = '') => `/api/v2/search?q=${encodeURIComponent(text)}${extra}`;
  const rows = [
    await measureAs(server, 'hello (/healthz)', sessions, '/healthz'),
    // A page of 20 statuses without search, for scale: the presenter's share of every row below.
    await measureAs(server, 'company timeline (reference)', sessions, '/api/v1/timelines/public'),
    await measureAs(server, 'posts: rare word', sessions, q('word2bz', '&type=statuses')),
    await measureAs(server, 'posts: common stem (deploying)', sessions, q('deploying', '&type=statuses')),
    await measureAs(server, 'posts: two words', sessions, q('budget review', '&type=statuses')),
    await measureAs(server, 'posts: phrase', sessions, q('"release meeting"', '&type=statuses')),
    await measureAs(server, 'posts: prefix', sessions, q('secur*', '&type=statuses')),
    await measureAs(server, 'people: name prefix', sessions, q('user12', '&type=accounts')),
    await measureAs(server, 'everything (4 kinds)', sessions, q('incident')),
  ];
  const ceiling = rows[0]!['req/s'];
  console.log(`one node, SQLite, ${posts} posts, ${connections} connections, ${duration} s per route`);
  console.table(rows.map((row) => ({ ...row, 'vs hello': `${((row['req/s'] / ceiling) * 100).toFixed(1)}%` })));
} finally {
  await server.stop();
}
