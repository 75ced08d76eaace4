/**
 * Real processes for outage tests: a PostgreSQL database of its own, a
 * `redis-server` of its own (never the machine's shared one), `warble serve`
 * children whose output is kept, and a posting load that remembers every
 * post the server acknowledged.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer } from '../../../server/container.js';
import { createLogger } from '../../../server/logging/logger.js';
import { CookieJar } from '../../helpers/cookie-jar.js';
import { adminPostgresUrl } from '../../helpers/test-database.js';
import { csrfTokenIn } from '../../helpers/web-client.js';
import { freePort, spawnWarble } from '../../helpers/warble-process.js';
import { person, type Person } from '../realtime/realtime-world.js';

export async function adminQuery<T extends pg.QueryResultRow>(sql: string, values: unknown[] = [], database?: string): Promise<T[]> {
  const url = new URL(adminPostgresUrl());
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export interface OutageDatabase {
  name: string;
  /** database.url for a node, optionally through another port (a proxy). */
  url(port?: number): string;
  author: Person;
  reader: Person;
  drop(dataDir: string): Promise<void>;
}

/** A fresh PostgreSQL database, migrated, with an author and a reader who have API tokens. */
export async function outageDatabase(dataDir: string): Promise<OutageDatabase> {
  const name = `warble_test_outage_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = (port?: number) => {
    const address = new URL(adminPostgresUrl());
    address.pathname = `/${name}`;
    if (port !== undefined) address.port = String(port);
    return address.toString();
  };
  const config = loadConfig({ env: { WARBLE_DATABASE_URL: url(), WARBLE_DATA_DIR: dataDir }, cwd: dataDir });
  const container = await buildContainer(config, createLogger('silent'), { migrate: true, backgroundJobs: false });
  const author = await person(container, 'author');
  const reader = await person(container, 'reader');
  // An administrator exists, so the web pages are past first-run setup.
  await container.localUsers.create({ username: 'root', password: 'root long password', isAdmin: true });
  await container.localUsers.create({ username: 'carla', password: CARLA_PASSWORD });
  await container.close();
  return {
    name,
    url,
    author,
    reader,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}

export const CARLA_PASSWORD = 'carla long password';

export const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'warble-outage-'));
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** A `redis-server` of the test's own, without persistence, that can be stopped and started again on the same port. */
export class OwnRedis {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = await OwnRedis.notStarted();
    await redis.resume();
    return redis;
  }

  /** A port for it, with nothing listening yet (resume starts it). */
  static async notStarted(): Promise<OwnRedis> {
    return new OwnRedis(await freePort());
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
  }

  /** Kills the server outright (no goodbye to clients), as a crash or a network cut would. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** A `warble serve` child with everything it printed, so a test can read the logs. */
export class Node {
  output = '';
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    if (process.env.WARBLE_TEST_LOG_LEVEL) child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }

  static async spawn(env: Record<string, string>, cwd: string): Promise<Node> {
    const port = await freePort();
    return new Node(spawnWarble(['serve'], { WARBLE_HOST: '127.0.0.1', ...env, WARBLE_PORT: String(port) }, cwd), `http://127.0.0.1:${port}`);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

export interface Readiness {
  status: number;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { checks: Readiness['checks'] };
  return { status: response.status, checks: body.checks };
}

/** Polls until `condition` holds, at most `timeoutMs`. */
export async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface PostAttempt {
  text: string;
  status: number;
  id?: string;
  code?: string;
}

/** One post through the API; never throws on an HTTP answer, only records it. A request that gets no answer at all is a failure of the test. */
export async function tryPost(url: string, author: Person, text: string): Promise<PostAttempt> {
  const response = await fetch(`${url}/api/v1/statuses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${author.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ status: text }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await response.json()) as { id?: string; code?: string };
  return { text, status: response.status, id: body.id, code: body.code };
}

/** Posts one after another on each node until `stop` is called (bounded by `limit` posts per node). */
export function postingLoad(urls: string[], author: Person, label: string, limit = 400): { stop(): Promise<PostAttempt[]> } {
  const attempts: PostAttempt[] = [];
  let running = true;
  const loops = urls.map(async (url, node) => {
    for (let i = 0; running && i < limit; i += 1) {
      attempts.push(await tryPost(url, author, `${label} node ${node} post ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return attempts;
    },
  };
}

/** How many stored posts carry each text (acknowledged posts must be there exactly once). */
export async function storedCounts(database: string, texts: string[]): Promise<Map<string, number>> {
  const rows = await adminQuery<{ text: string; n: string }>(
    'SELECT text, count(*) AS n FROM posts WHERE text = ANY($1) GROUP BY text',
    [texts],
    database,
  );
  return new Map(rows.map((row) => [row.text, Number(row.n)]));
}

/** Signs in through the web form; the status of the form's answer (302 on success). */
export async function webSignIn(url: string, login: string, password: string): Promise<number> {
  const jar = new CookieJar();
  const page = await fetch(`${url}/login`);
  jar.absorb(page);
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
    body: new URLSearchParams({ _csrf: csrfTokenIn(await page.text()), login, password }),
  });
  return response.status;
}
