/**
 * Two real `warble serve` processes sharing the machine's PostgreSQL and
 * Redis: a post made through node A arrives on a socket connected to node B,
 * through the official Socket.IO Redis adapter.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer } from '../../../server/container.js';
import { createLogger } from '../../../server/logging/logger.js';
import { adminPostgresUrl } from '../../helpers/test-database.js';
import { freePort, spawnWarble, waitForOk } from '../../helpers/warble-process.js';
import { connect, nextEvent, person, post, subscribe, type LiveClient, type Person } from './realtime-world.js';

const REDIS_URL = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPostgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('two Warble nodes sharing PostgreSQL and Redis', function () {
  this.timeout(60_000);
  const nodes: ChildProcess[] = [];
  const sockets: LiveClient[] = [];
  const urls: string[] = [];
  const name = `warble_test_nodes_${process.pid}_${randomBytes(4).toString('hex')}`;
  const keyPrefix = `warble-test-${randomBytes(4).toString('hex')}:`;
  let dataDir = '';
  let ada: Person;
  let bob: Person;

  before(async () => {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminPostgresUrl());
    url.pathname = `/${name}`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'warble-nodes-'));
    const env = {
      WARBLE_DATABASE_URL: url.toString(),
      WARBLE_REDIS_URL: REDIS_URL,
      WARBLE_REDIS_KEY_PREFIX: keyPrefix,
      WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
      WARBLE_HOST: '127.0.0.1',
      WARBLE_DATA_DIR: dataDir,
      WARBLE_LOG_LEVEL: 'warn',
    };
    // Migrate and seed once, in-process, like an operator's `warble migrate` and user creation.
    const config = loadConfig({ env: { ...env, WARBLE_REDIS_URL: '' }, cwd: dataDir });
    const container = await buildContainer(config, createLogger('silent'), { migrate: true, backgroundJobs: false });
    ada = await person(container, 'ada');
    bob = await person(container, 'bob');
    await container.close();
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      const child = spawnWarble(['serve'], { ...env, WARBLE_PORT: String(port) }, dataDir);
      child.stderr?.on('data', (chunk: Buffer) => process.env.WARBLE_TEST_LOG_LEVEL && process.stderr.write(chunk));
      nodes.push(child);
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(urls.map((u) => waitForOk(`${u}/readyz`, 30_000)));
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(
      nodes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  it('reports Redis in /readyz', async () => {
    const body = (await (await fetch(`${urls[0]}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.redis?.ok).to.equal(true);
  });

  it('a post made through node A arrives on a socket connected to node B', async () => {
    const onB = await connect(urls[1]!, { token: bob.token });
    sockets.push(onB);
    expect(await subscribe(onB, 'company')).to.include({ ok: true });
    const arrives = nextEvent(onB, 'post.created', (e) => e.stream === 'company', 10_000);
    const created = await post(urls[0]!, ada, { status: 'Made on node A' });
    expect((await arrives).status.id).to.equal(created.id);
  });
});
