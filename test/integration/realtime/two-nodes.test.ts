/**
 * Two real `warble serve` processes sharing the machine's PostgreSQL and
 * Redis: a post made through node A arrives on a socket connected to node B,
 * through the official Socket.IO Redis adapter; a person signs in on one node
 * and posts on the other, with no sticky sessions; and when a node is killed,
 * its clients reconnect through the load balancer to the other and miss nothing.
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
import { CookieJar } from '../../helpers/cookie-jar.js';
import { adminPostgresUrl } from '../../helpers/test-database.js';
import { csrfTokenIn } from '../../helpers/web-client.js';
import { freePort, spawnWarble, waitForOk } from '../../helpers/warble-process.js';
import { switchableProxy } from './switchable-proxy.js';
import { connect, nextEvent, pause, person, post, subscribe, type LiveClient, type Person } from './realtime-world.js';
import { io as connectClient } from 'socket.io-client';
import type { StreamStatusEvent } from '../../../server/realtime/realtime-events.js';

const REDIS_URL = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CARLA_PASSWORD = 'carla long password';

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
    // An administrator exists, so the web pages are past first-run setup.
    await container.localUsers.create({ username: 'root', password: CARLA_PASSWORD, isAdmin: true });
    await container.localUsers.create({ username: 'carla', password: CARLA_PASSWORD });
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
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
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

  it('signs in on node A and posts on node B with the same session; signing out on B ends it on A', async () => {
    const [nodeA, nodeB] = [urls[0]!, urls[1]!];
    const jar = new CookieJar();
    const loginPage = await fetch(`${nodeA}/login`);
    jar.absorb(loginPage);
    const signedIn = await fetch(`${nodeA}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await loginPage.text()), login: 'carla', password: CARLA_PASSWORD }),
    });
    expect(signedIn.status).to.equal(302);
    jar.absorb(signedIn);

    // No sticky sessions: node B knows the session node A started (shared secret, sessions in PostgreSQL).
    const pageOnB = await fetch(`${nodeB}/settings`, { headers: { Cookie: jar.header() } });
    expect(pageOnB.status).to.equal(200);
    const csrf = csrfTokenIn(await pageOnB.text());
    const created = await fetch(`${nodeB}/api/v1/statuses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: jar.header(), 'X-CSRF-Token': csrf },
      body: JSON.stringify({ status: 'Signed in on A, posted on B' }),
    });
    expect(created.status).to.equal(200);
    const status = (await created.json()) as { id: string };
    const readOnA = await fetch(`${nodeA}/api/v1/statuses/${status.id}`, { headers: { Cookie: jar.header() } });
    expect(readOnA.status).to.equal(200);

    const signedOut = await fetch(`${nodeB}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(signedOut.status).to.equal(302);
    const afterOnA = await fetch(`${nodeA}/`, { redirect: 'manual', headers: { Cookie: jar.header() } });
    expect(afterOnA.status).to.equal(302);
    expect(afterOnA.headers.get('location')).to.match(/^\/login/);
  });

  it('when a node is killed, its clients reconnect to the other node and miss nothing', async () => {
    const [nodeA, nodeB] = [urls[0]!, urls[1]!];
    // Stands in for the load balancer: one address, forwarding to whichever node is up.
    const balancer = await switchableProxy(Number(new URL(nodeA).port));
    const client: LiveClient = connectClient(balancer.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      auth: { token: bob.token },
    });
    sockets.push(client);
    const seen: StreamStatusEvent[] = [];
    client.on('post.created', (event) => {
      if (event.stream === 'company') seen.push(event);
    });
    // What the web page's live.js does: subscribe on connect, and after a reconnect ask for what came after the newest post it has.
    client.on('connect', () => {
      const newest = seen.at(-1)?.status.id;
      client.emit('subscribe', newest ? { stream: 'company', sinceId: newest } : { stream: 'company' });
    });
    await waitUntil(() => client.connected);
    await pause(200);
    const first = await post(nodeB, ada, { status: 'before the failure' });
    await waitUntil(() => seen.length === 1);

    balancer.hold();
    nodes[0]!.kill('SIGKILL');
    await new Promise((resolve) => nodes[0]!.once('exit', resolve));
    const missed = [await post(nodeB, ada, { status: 'missed one' }), await post(nodeB, ada, { status: 'missed two' })];
    balancer.forwardTo(Number(new URL(nodeB).port));
    await waitUntil(() => seen.length === 3, 15_000);
    const after = await post(nodeB, ada, { status: 'after the failover' });
    await waitUntil(() => seen.length === 4);

    expect(seen.map((event) => event.status.id)).to.deep.equal([first.id, ...missed.map((m) => m.id), after.id]);
    expect(seen.map((event) => event.replay === true)).to.deep.equal([false, true, true, false]);
    client.close();
    await balancer.close();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(25);
  }
}
