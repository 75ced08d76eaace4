/**
 * Soak: hours of ordinary mixed traffic against one Warble process, with live
 * Socket.IO clients, watching for drift. Every interval it prints the
 * server's RSS and heap, the event-loop delay p99 measured inside the server
 * (/metrics), and error counts (non-2xx, network errors, socket disconnects).
 * RSS must stay flat once warm. The server runs with --trace-gc, so each row
 * also shows the heap left after full collections, which tells a leak from
 * V8 merely growing its heap between collections.
 *
 *   npm run bench:soak -- --minutes 60 --every 60
 *   npm run bench:soak -- --minutes 10 --every 60 --rate 40 --sockets 200
 *
 * Flags (or env BENCH_SOAK_MINUTES, _EVERY, _RATE, _SOCKETS, _PEOPLE):
 * --minutes total duration (60), --every seconds between rows (60), --rate
 * requests per second (40), --sockets live clients (200), --people seeded
 * people (60). SQLite in a temporary directory, removed afterwards.
 * Bounded: the run stops itself at duration + 2 minutes whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config/load-config.js';
import { buildContainer } from '../server/container.js';
import { createLogger } from '../server/logging/logger.js';
import { BENCH_PASSWORD, signIn } from './bench-http.js';
import { startBenchServer } from './server-process.js';
import { scrapeServerFigures } from './server-metrics.js';
import { connectLiveClients } from './soak-sockets.js';
import { startTraffic, type SoakPerson } from './soak-traffic.js';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.BENCH_SOAK_MINUTES ?? '60' },
    every: { type: 'string', default: process.env.BENCH_SOAK_EVERY ?? '60' },
    rate: { type: 'string', default: process.env.BENCH_SOAK_RATE ?? '40' },
    sockets: { type: 'string', default: process.env.BENCH_SOAK_SOCKETS ?? '200' },
    people: { type: 'string', default: process.env.BENCH_SOAK_PEOPLE ?? '60' },
  },
});
const minutes = Number(flags.minutes);
const everySeconds = Number(flags.every);
const rate = Number(flags.rate);
const socketCount = Number(flags.sockets);
const peopleCount = Number(flags.people);
const FOLLOWS_EACH = 10;

const hardStop = setTimeout(() => {
  console.error(`soak stopped by its own deadline (${minutes} min + 2 min)`);
  process.exit(2);
}, (minutes + 2) * 60_000);
hardStop.unref();

interface Seeded {
  env: NodeJS.ProcessEnv;
  people: Array<{ id: string; username: string; token: string }>;
  dataDir: string;
}

async function seed(): Promise<Seeded> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'warble-soak-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARBLE_DATA_DIR: dataDir,
    WARBLE_DATABASE_URL: '',
    WARBLE_REDIS_URL: '',
    WARBLE_HOST: '127.0.0.1',
    WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const config = loadConfig({ env: env as Record<string, string>, cwd: dataDir });
  const container = await buildContainer(config, createLogger('silent'), { migrate: true, backgroundJobs: false, processMetrics: false });
  try {
    const users = [];
    for (let i = 0; i < peopleCount; i += 1) {
      users.push(await container.localUsers.create({ username: `soak${i}`, displayName: `Soak Person ${i}`, password: BENCH_PASSWORD }));
    }
    for (const [i, user] of users.entries()) {
      for (let k = 1; k <= FOLLOWS_EACH; k += 1) await container.core.follows.follow(user, users[(i + k * 7) % users.length]!.id);
    }
    const people = [];
    for (const user of users) {
      const { token } = await container.tokens.issue({ kind: 'personal', userId: user.id, appId: null, scopes: ['read', 'write', 'follow'] });
      people.push({ id: user.id, username: user.username, token });
    }
    return { env, people, dataDir };
  } finally {
    await container.close();
  }
}

interface Row {
  minute: number;
  'RSS MB': number;
  /** Lowest and highest RSS sampled every 2 s over the interval (it swings with V8's committed heap). */
  'RSS min': number;
  'RSS max': number;
  /** At the end of the interval: anonymous (heap, SQLite caches) and file-backed (mapped database) parts of RSS. */
  'RSS anon': number;
  'RSS file': number;
  'heap MB': number;
  'heap total MB': number;
  /** Lowest heap right after a full collection in the interval ('-' if none ran): the leak indicator. */
  'heap after full GC': number | '-';
  'external MB': number;
  'loop p99 ms': number;
  'req/s': number;
  'non-2xx': number;
  'net errors': number;
  skipped: number;
  'live events': number;
  'socket drops': number;
}

/** MB per minute, fitted through every (minute, MB) point. */
function leastSquaresSlope(points: Array<[number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

async function main() {
  console.log(`soak: ${minutes} min, a row every ${everySeconds} s, ${rate} req/s, ${socketCount} live sockets, ${peopleCount} people (SQLite)`);
  const world = await seed();
  const server = await startBenchServer(world.env, { traceGc: true });
  const rows: Row[] = [];
  try {
    const people: SoakPerson[] = [];
    for (const person of world.people) people.push({ id: person.id, token: person.token, session: await signIn(server.url, person.username) });
    const live = await connectLiveClients(server.url, world.people.map((person) => person.token), socketCount);
    const traffic = startTraffic(server.url, people, rate, rate * 2);
    await scrapeServerFigures(server.url); // resets the event-loop histogram: the first row covers only its own minute
    const started = Date.now();
    let previousRequests = 0;
    let previousAt = started;
    let rssSamples: number[] = [];
    const rssSampler = setInterval(() => rssSamples.push(server.rssMb()), 2000);
    const end = started + minutes * 60_000;
    while (Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(everySeconds * 1000, end - Date.now())));
      const figures = await scrapeServerFigures(server.url);
      const rss = server.rssMb();
      const parts = server.rssPartsMb();
      const interval = [...rssSamples, rss];
      const afterFullGc = server.takeHeapAfterFullGcMb();
      rssSamples = [];
      const row: Row = {
        minute: Math.round(((Date.now() - started) / 60_000) * 10) / 10,
        'RSS MB': rss,
        'RSS min': Math.min(...interval),
        'RSS max': Math.max(...interval),
        'RSS anon': parts.anon,
        'RSS file': parts.file,
        'heap MB': figures.heapUsedMb,
        'heap total MB': figures.heapTotalMb,
        'heap after full GC': afterFullGc.length > 0 ? Math.min(...afterFullGc) : '-',
        'external MB': figures.externalMb,
        'loop p99 ms': figures.eventLoopP99Ms,
        'req/s': Math.round(((traffic.counts.requests - previousRequests) * 1000) / (Date.now() - previousAt)),
        'non-2xx': traffic.counts.non2xx,
        'net errors': traffic.counts.networkErrors,
        skipped: traffic.counts.skipped,
        'live events': live.counts.eventsReceived,
        'socket drops': live.counts.disconnects + live.counts.connectErrors,
      };
      previousRequests = traffic.counts.requests;
      previousAt = Date.now();
      rows.push(row);
      console.log(Object.entries(row).map(([key, value]) => `${key} ${value}`).join(' | '));
    }
    clearInterval(rssSampler);
    await traffic.stop();
    live.close();
    console.table(rows);
    console.log('requests by action:', traffic.counts.byAction);
    console.log('non-2xx by action and status:', traffic.counts.non2xxByAction);
    // The first row fills caches, pools and JIT: judge drift from the second row on. RSS follows V8's
    // committed heap, which grows and shrinks over minutes; the heap after full collections is the leak indicator.
    const warm = rows.slice(1);
    const trend = (label: string, points: Array<[number, number]>) => {
      if (points.length < 2) return;
      console.log(`${label}: ${points[0]![1]} -> ${points[points.length - 1]![1]} MB from minute ${points[0]![0]} to ${points[points.length - 1]![0]}, trend ${leastSquaresSlope(points).toFixed(2)} MB/min`);
    };
    trend('RSS floor', warm.map((row) => [row.minute, row['RSS min']]));
    trend('RSS anonymous', warm.map((row) => [row.minute, row['RSS anon']]));
    trend('RSS file-backed', warm.map((row) => [row.minute, row['RSS file']]));
    trend('heap after full GC', warm.flatMap((row) => (typeof row['heap after full GC'] === 'number' ? [[row.minute, row['heap after full GC']] as [number, number]] : [])));
  } finally {
    await server.stop();
    await rm(world.dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
