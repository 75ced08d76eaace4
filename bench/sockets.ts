/**
 * Live delivery at scale: N Socket.IO clients (defaults 1,000 / 5,000 /
 * 10,000) subscribed to the company stream (or home), one company-wide post,
 * and the time until each client has it. Prints latency p50/p95/p99/max, how
 * many never arrived, and server RSS per 1,000 sockets; then the same with
 * two nodes sharing PostgreSQL and Redis (clients split between them, the
 * post made on node A).
 *
 * Run: `npx tsx bench/sockets.ts` (env: BENCH_SOCKET_COUNTS=1000,5000,10000,
 * BENCH_STREAM=company|home, BENCH_NODES=1,2, BENCH_REDIS_URL, BENCH_PG_URL).
 * Bounded: every wait has a deadline and the whole run stops itself after
 * BENCH_MAX_SECONDS (default 600).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config/load-config.js';
import { buildContainer } from '../server/container.js';
import { createLogger } from '../server/logging/logger.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const counts = (process.env.BENCH_SOCKET_COUNTS ?? '1000,5000,10000').split(',').map(Number);
const nodeCounts = (process.env.BENCH_NODES ?? '1,2').split(',').map(Number);
const stream = process.env.BENCH_STREAM === 'home' ? 'home' : 'company';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const pgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PEOPLE = 200;
const deadline = setTimeout(() => {
  console.error(`benchmark stopped after ${process.env.BENCH_MAX_SECONDS ?? 600} s`);
  process.exit(2);
}, Number(process.env.BENCH_MAX_SECONDS ?? 600) * 1000);
deadline.unref();

interface World {
  env: NodeJS.ProcessEnv;
  authorToken: string;
  tokens: string[];
  cleanup(): Promise<void>;
}

async function seed(nodes: number): Promise<World> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'warble-bench-sockets-'));
  let databaseUrl = '';
  let dbName = '';
  if (nodes > 1) {
    dbName = `warble_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const keyPrefix = `warble-bench-${randomBytes(4).toString('hex')}:`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARBLE_DATA_DIR: dataDir,
    WARBLE_DATABASE_URL: databaseUrl,
    WARBLE_REDIS_URL: nodes > 1 ? redisUrl : '',
    WARBLE_REDIS_KEY_PREFIX: keyPrefix,
    WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
    WARBLE_HOST: '127.0.0.1',
  };
  const config = loadConfig({ env: { ...env, WARBLE_REDIS_URL: '' } as Record<string, string>, cwd: dataDir });
  const container = await buildContainer(config, createLogger('silent'), { migrate: true, backgroundJobs: false });
  const tokens: string[] = [];
  let authorToken = '';
  for (let i = 0; i < PEOPLE; i += 1) {
    const user = await container.localUsers.create({ username: `bench${i}`, displayName: `Bench ${i}`, password: `bench password ${i}` });
    const { token } = await container.tokens.issue({ kind: 'personal', userId: user.id, appId: null, scopes: ['read', 'write', 'follow'] });
    if (i === 0) authorToken = token;
    else tokens.push(token);
  }
  if (stream === 'home') {
    // Everyone follows the author, as everyone follows the CEO.
    const author = await container.models.User.findOne({ where: { username: 'bench0' } });
    for (let i = 1; i < PEOPLE; i += 1) {
      const follower = await container.models.User.findOne({ where: { username: `bench${i}` } });
      await container.models.Follow.create({ id: `01BENCH${String(i).padStart(19, '0')}`, followerId: follower!.id, followeeId: author!.id });
    }
  }
  await container.close();
  return {
    env,
    authorToken,
    tokens,
    cleanup: async () => {
      await rm(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: pgAdminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
      if (nodes > 1) {
        const { createClient } = await import('redis');
        const redis = createClient({ url: redisUrl });
        await redis.connect();
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(keys);
        await redis.close();
      }
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function connectAll(urls: string[], tokens: string[], n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 250;
  for (let start = 0; start < n; start += batch) {
    const group = await Promise.all(
      Array.from({ length: Math.min(batch, n - start) }, (_, k) => {
        const i = start + k;
        const url = urls[i % urls.length]!;
        // Past one loopback address's ephemeral ports, spread clients over 127.0.0.x.
        const localAddress = n > 20_000 ? `127.0.0.${2 + (i % 8)}` : undefined;
        const socket = io(url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          auth: { token: tokens[i % tokens.length] },
          ...(localAddress ? { localAddress } : {}),
        });
        return new Promise<Socket>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('connect timeout')), 30_000);
          socket.once('connect', () => {
            socket.emit('subscribe', { stream }, (result: { ok: boolean }) => {
              clearTimeout(timer);
              if (result.ok) resolve(socket);
              else reject(new Error('subscribe refused'));
            });
          });
          socket.once('connect_error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
        });
      }),
    );
    sockets.push(...group);
  }
  return sockets;
}

async function run(nodes: number, n: number) {
  const world = await seed(nodes);
  const servers: BenchServer[] = [];
  try {
    for (let i = 0; i < nodes; i += 1) servers.push(await startBenchServer(world.env));
    const urls = servers.map((server) => server.url);
    const rssBefore = servers.map((server) => server.rssMb());
    const connectStart = Date.now();
    const sockets = await connectAll(urls, world.tokens, n);
    const connectSeconds = (Date.now() - connectStart) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssAfter = servers.map((server) => server.rssMb());
    const latencies: number[] = [];
    let sentAt = 0;
    const arrived = new Promise<void>((resolve) => {
      for (const socket of sockets) {
        socket.once('post.created', () => {
          latencies.push(Date.now() - sentAt);
          if (latencies.length === n) resolve();
        });
      }
    });
    sentAt = Date.now();
    const response = await fetch(`${urls[0]}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${world.authorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: `Company-wide announcement to ${n} sockets` }),
    });
    if (!response.ok) throw new Error(`post failed: ${response.status}`);
    await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    latencies.sort((a, b) => a - b);
    for (const socket of sockets) socket.close();
    const perThousand = rssAfter.map((after, i) => ((after - rssBefore[i]!) / (n / nodes)) * 1000);
    return {
      nodes,
      sockets: n,
      stream,
      'connect s': Number(connectSeconds.toFixed(1)),
      'p50 ms': percentile(latencies, 50),
      'p95 ms': percentile(latencies, 95),
      'p99 ms': percentile(latencies, 99),
      'max ms': latencies[latencies.length - 1] ?? NaN,
      lost: n - latencies.length,
      'server RSS MB': rssAfter.join(' / '),
      'RSS MB per 1,000 sockets': perThousand.map((v) => v.toFixed(1)).join(' / '),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await world.cleanup();
  }
}

const results = [];
for (const nodes of nodeCounts) {
  for (const n of counts) {
    console.error(`… ${nodes} node(s), ${n} sockets`);
    results.push(await run(nodes, n));
  }
}
console.table(results);
process.exit(0);
