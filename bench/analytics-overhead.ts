/**
 * What counting impressions costs: the home and company timelines and post
 * creation on a seeded company (bench/seed-company.ts), measured with
 * `analytics.impressions` off and on, each in a fresh server process. With
 * counting on, every timeline page records (viewer, post) pairs in memory and
 * a batch is written every 2 s; the table shows the difference that makes,
 * and how many impressions the runs wrote.
 *
 *   BENCH_DATA_DIR=/tmp/bench BENCH_USERS=2000 BENCH_POSTS=100000 npx tsx bench/seed-company.ts
 *   BENCH_DATA_DIR=/tmp/bench npx tsx bench/analytics-overhead.ts
 *   (BENCH_CONNECTIONS=50, BENCH_SECONDS=10, BENCH_PEOPLE=40, BENCH_ROUNDS=2; BENCH_ROUNDS=0 measures only
 *   the recorder itself: µs per page recorded and ms per batch written)
 */
import path from 'node:path';
import autocannon from 'autocannon';
import { QueryTypes } from 'sequelize';
import { connectDatabase } from '../server/db/connect.js';
import { resolveDatabaseTarget } from '../server/db/database-url.js';
import { createLogger } from '../server/logging/logger.js';
import { ImpressionRecorder } from '../server/services/analytics/impression-recorder.js';
import { measure, rotating, signIn, type BenchSession } from './bench-http.js';
import { startBenchServer } from './server-process.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const people = Number(process.env.BENCH_PEOPLE ?? 40);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? './bench-data');
async function impressionRows(): Promise<number> {
  const target = resolveDatabaseTarget(process.env.WARBLE_DATABASE_URL ?? '', dataDir);
  const sequelize = await connectDatabase({ target, poolMax: 1, busyTimeoutMs: 5000, logger: createLogger('silent') });
  try {
    const [row] = await sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM post_impressions', { type: QueryTypes.SELECT });
    return Number(row?.n ?? 0);
  } finally {
    await sequelize.close();
  }
}

/**
 * The recorder's own cost, in this process and free of HTTP noise: how long
 * `record` takes for a 20-post page, and how long one batch write of 500
 * (viewer, post) pairs takes on the seeded database.
 */
async function recorderCost(): Promise<void> {
  const target = resolveDatabaseTarget(process.env.WARBLE_DATABASE_URL ?? '', dataDir);
  const logger = createLogger('silent');
  const sequelize = await connectDatabase({ target, poolMax: 2, busyTimeoutMs: 5000, logger });
  try {
    const posts = await sequelize.query<{ id: string; author_id: string }>('SELECT id, author_id FROM posts ORDER BY id DESC LIMIT 2000', { type: QueryTypes.SELECT });
    const viewers = await sequelize.query<{ id: string }>('SELECT id FROM users ORDER BY id LIMIT 500', { type: QueryTypes.SELECT });
    const pages = 20_000;
    const recorder = new ImpressionRecorder(sequelize, logger, { flushIntervalMs: 3600_000, flushAtRows: Number.MAX_SAFE_INTEGER, maxPendingRows: Number.MAX_SAFE_INTEGER });
    const page = (index: number) => posts.slice((index * 20) % 1980, ((index * 20) % 1980) + 20).map((post) => ({ postId: post.id, authorId: post.author_id }));
    const started = process.hrtime.bigint();
    for (let index = 0; index < pages; index += 1) recorder.record(viewers[index % viewers.length]!.id, page(index));
    const recordUs = Number(process.hrtime.bigint() - started) / 1000 / pages;
    // Not flushed: these pairs only measured the in-memory path (the timer is unref'd and never fires here).
    const batch = new ImpressionRecorder(sequelize, logger, { flushIntervalMs: 3600_000, flushAtRows: Number.MAX_SAFE_INTEGER });
    // 25 viewers x 20 posts = 500 new pairs (viewers from the end of the list, not written above).
    for (let index = 0; index < 25; index += 1) batch.record(viewers[viewers.length - 1 - index]!.id, page(index + 7));
    const flushStarted = process.hrtime.bigint();
    await batch.flush();
    const flushMs = Number(process.hrtime.bigint() - flushStarted) / 1e6;
    console.log(`recorder: ${recordUs.toFixed(1)} µs per 20-post page recorded (${pages} pages); one batch of ${25 * 20} pairs written in ${flushMs.toFixed(1)} ms`);
  } finally {
    await sequelize.close();
  }
}

type Row = Record<string, string | number>;

async function run(impressions: boolean, round: number): Promise<Row[]> {
  const server = await startBenchServer({ ...process.env, WARBLE_DATA_DIR: dataDir, WARBLE_ANALYTICS_IMPRESSIONS: String(impressions) });
  const rows: Row[] = [];
  try {
    const sessions: BenchSession[] = [];
    for (let index = 0; index < people; index += 1) sessions.push(await signIn(server.url, `user${index * 37 + 3}`));
    const routes: Array<[string, autocannon.Request]> = [
      ['home timeline', { method: 'GET', path: '/api/v1/timelines/home' }],
      ['company timeline', { method: 'GET', path: '/api/v1/timelines/public' }],
      ['create post', { method: 'POST', path: '/api/v1/statuses', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Benchmark post #tag1' }) }],
    ];
    for (const [name, request] of routes) {
      const { route, 'server RSS MB': rss, ...figures } = await measure(server, name, { url: server.url, connections, duration, requests: rotating(sessions, request) });
      rows.push({ route, impressions: impressions ? 'on' : 'off', round, ...figures, 'RSS MB': rss });
    }
  } finally {
    // SIGTERM: the graceful shutdown flushes the last buffered impressions.
    await server.stop();
  }
  return rows;
}

await recorderCost();
const before = await impressionRows();
const rows: Row[] = [];
for (let round = 1; round <= rounds; round += 1) {
  // Alternating which goes first, so a machine warming up or getting busier does not favour one side.
  const order = round % 2 === 1 ? [false, true] : [true, false];
  for (const impressions of order) {
    rows.push(...(await run(impressions, round)));
    console.error(`round ${round}, impressions ${impressions ? 'on' : 'off'}: done`);
  }
}
console.log(`one node, ${dataDir}, ${connections} connections, ${duration} s per route, ${people} people rotating, ${rounds} rounds`);
console.table(rows.sort((a, b) => String(a.route).localeCompare(String(b.route)) || String(a.impressions).localeCompare(String(b.impressions))));
console.log(`impressions written during the runs: ${(await impressionRows()) - before}`);
