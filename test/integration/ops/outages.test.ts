/**
 * Outages with real processes: Redis killed and restarted under posting load
 * on two nodes, PostgreSQL cut off (a TCP proxy between a node and the
 * server) under load, and PostgreSQL unreachable when a node starts. A node
 * never dies, says what is missing on /readyz, answers a clean 503 for what
 * needs the database, recovers by itself, and loses no acknowledged post.
 * Always on PostgreSQL: an outage needs a server to lose (SQLite is a file).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { freePort, runWarble } from '../../helpers/warble-process.js';
import { switchableProxy, type SwitchableProxy } from '../realtime/switchable-proxy.js';
import { connect, nextEvent, post, subscribe, type LiveClient } from '../realtime/realtime-world.js';
import {
  CARLA_PASSWORD,
  Node,
  OwnRedis,
  eventually,
  outageDatabase,
  postingLoad,
  readiness,
  removeDir,
  storedCounts,
  tempDir,
  tryPost,
  webSignIn,
  type OutageDatabase,
  type PostAttempt,
} from './outage-world.js';

/** What a node logs when a promise rejection reached no handler (see server/logging/last-resort.ts). */
const UNHANDLED = /unhandled rejection/i;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectEveryAcknowledgedPostStoredOnce(database: string, attempts: PostAttempt[]): Promise<void> {
  const acknowledged = attempts.filter((attempt) => attempt.status >= 200 && attempt.status < 300).map((attempt) => attempt.text);
  expect(acknowledged.length).to.be.greaterThan(0);
  const counts = await storedCounts(database, acknowledged);
  const wrong = acknowledged.filter((text) => counts.get(text) !== 1);
  expect(wrong, 'acknowledged posts not stored exactly once').to.deep.equal([]);
}

describe('outages', function () {
  this.timeout(90_000);

  describe('Redis stops and comes back under posting load on two nodes', () => {
    let dataDir = '';
    let database: OutageDatabase;
    let redis: OwnRedis;
    const nodes: Node[] = [];
    const sockets: LiveClient[] = [];

    before(async () => {
      dataDir = await tempDir();
      database = await outageDatabase(dataDir);
      redis = await OwnRedis.start();
      const env = {
        WARBLE_DATABASE_URL: database.url(),
        WARBLE_REDIS_URL: redis.url,
        WARBLE_REDIS_KEY_PREFIX: `warble-outage-${randomBytes(4).toString('hex')}:`,
        WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
        WARBLE_DATA_DIR: dataDir,
      };
      nodes.push(await Node.spawn(env, dataDir), await Node.spawn(env, dataDir));
      await Promise.all(nodes.map((node) => eventually(async () => (await readiness(node.url)).status === 200, 'node ready', 30_000)));
    });

    after(async () => {
      for (const socket of sockets) socket.close();
      await Promise.all(nodes.map((node) => node.stop()));
      await redis?.stop();
      await database?.drop(dataDir);
      if (dataDir) await removeDir(dataDir);
    });

    it('keeps both nodes serving, reports redis on /readyz, degrades sign-in limits to each node, and resumes live delivery by itself', async () => {
      const [nodeA, nodeB] = [nodes[0]!, nodes[1]!];
      const onB = await connect(nodeB.url, { token: database.reader.token });
      sockets.push(onB);
      expect(await subscribe(onB, 'company')).to.include({ ok: true });
      const before = nextEvent(onB, 'post.created', (event) => event.stream === 'company', 10_000);
      const first = await post(nodeA.url, database.author, { status: 'before the Redis outage' });
      expect((await before).status.id).to.equal(first.id);

      const load = postingLoad([nodeA.url, nodeB.url], database.author, 'redis outage');
      await pause(300);
      await redis.stop();
      // Longer than node-redis's 5 s command timeout, which used to end the process.
      await pause(7_000);
      for (const node of nodes) {
        expect(node.alive, 'node still running during the Redis outage').to.equal(true);
        const ready = await readiness(node.url);
        expect(ready.status).to.equal(503);
        expect(ready.checks.redis?.ok).to.equal(false);
        expect(ready.checks.database?.ok).to.equal(true);
      }

      // Sign-in limits fall back to each node's memory: the right password works, a guesser is still stopped.
      expect(await webSignIn(nodeA.url, 'carla', CARLA_PASSWORD)).to.equal(302);
      const guesses: number[] = [];
      for (let i = 0; i < 7; i += 1) guesses.push(await webSignIn(nodeA.url, 'root', `wrong guess ${i}`));
      expect(guesses.slice(0, 5).every((status) => status !== 429), `first guesses: ${guesses.join(',')}`).to.equal(true);
      expect(guesses.at(-1)).to.equal(429);

      await redis.resume();
      await Promise.all(nodes.map((node) => eventually(async () => (await readiness(node.url)).status === 200, 'ready after Redis returned', 20_000)));
      const attempts = await load.stop();
      expect(attempts.filter((attempt) => attempt.status !== 200), 'every post during the Redis outage succeeded').to.deep.equal([]);

      // The subscriber side reconnects on its own; give it the time the readiness check does not measure.
      await eventually(
        async () => {
          const arrives = nextEvent(onB, 'post.created', (event) => event.stream === 'company' && event.status.content.includes('after'), 2_000);
          const made = await post(nodeA.url, database.author, { status: `after the Redis outage ${randomBytes(3).toString('hex')}` });
          return (await arrives).status.id === made.id;
        },
        'live delivery from A to B resumed',
        20_000,
      );

      await expectEveryAcknowledgedPostStoredOnce(database.name, attempts);
      for (const node of nodes) {
        expect(node.alive).to.equal(true);
        expect(node.output).to.not.match(UNHANDLED);
      }
    });
  });

  describe('a node stopped while Redis is away', () => {
    let dataDir = '';
    let database: OutageDatabase;

    before(async () => {
      dataDir = await tempDir();
      database = await outageDatabase(dataDir);
    });

    after(async () => {
      await database?.drop(dataDir);
      if (dataDir) await removeDir(dataDir);
    });

    it('exits 0 on SIGTERM instead of waiting for Redis to answer', async () => {
      const redis = await OwnRedis.start();
      const node = await Node.spawn(
        {
          WARBLE_DATABASE_URL: database.url(),
          WARBLE_REDIS_URL: redis.url,
          WARBLE_REDIS_KEY_PREFIX: `warble-outage-${randomBytes(4).toString('hex')}:`,
          WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
          WARBLE_DATA_DIR: dataDir,
        },
        dataDir,
      );
      try {
        await eventually(async () => (await readiness(node.url)).status === 200, 'node ready', 30_000);
        await post(node.url, database.author, { status: 'just before Redis went away' });
        await redis.stop();
        await eventually(async () => (await readiness(node.url)).status === 503, 'redis reported missing');
        const exited = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
        node.child.kill('SIGTERM');
        expect(await exited).to.equal(0);
        expect(node.output).to.not.match(UNHANDLED);
      } finally {
        await node.stop();
        await redis.stop();
      }
    });
  });

  describe('PostgreSQL is cut off and comes back under posting load', () => {
    let dataDir = '';
    let database: OutageDatabase;
    let proxy: SwitchableProxy;
    let node: Node;
    const postgresPort = () => Number(new URL(database.url()).port || 5432);

    before(async () => {
      dataDir = await tempDir();
      database = await outageDatabase(dataDir);
      proxy = await switchableProxy(postgresPort());
      node = await Node.spawn(
        {
          WARBLE_DATABASE_URL: database.url(Number(new URL(proxy.url).port)),
          WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
          WARBLE_DATA_DIR: dataDir,
        },
        dataDir,
      );
      await eventually(async () => (await readiness(node.url)).status === 200, 'node ready', 30_000);
    });

    after(async () => {
      await node?.stop();
      await proxy?.close();
      await database?.drop(dataDir);
      if (dataDir) await removeDir(dataDir);
    });

    it('answers 503 while the database is gone, never dies, recovers by itself and keeps every acknowledged post once', async () => {
      const load = postingLoad([node.url], database.author, 'database outage');
      await pause(500);
      proxy.sever();
      await pause(1_000);

      const ready = await readiness(node.url);
      expect(ready.status).to.equal(503);
      expect(ready.checks.database?.ok).to.equal(false);
      const refused = await tryPost(node.url, database.author, 'while the database is gone');
      expect(refused).to.include({ status: 503, code: 'E_DATABASE_UNAVAILABLE' });
      const page = await fetch(`${node.url}/company`, { headers: { Accept: 'text/html' }, signal: AbortSignal.timeout(10_000) });
      expect(page.status).to.be.oneOf([302, 503]);
      await pause(2_000);
      expect(node.alive, 'node still running during the database outage').to.equal(true);

      proxy.forwardTo(postgresPort());
      await eventually(async () => (await readiness(node.url)).status === 200, 'ready after the database returned', 20_000);
      const attempts = await load.stop();
      const unexpected = attempts.filter((attempt) => attempt.status !== 200 && !(attempt.status === 503 && attempt.code === 'E_DATABASE_UNAVAILABLE'));
      expect(unexpected, 'answers other than 200 or a clean 503').to.deep.equal([]);
      expect(attempts.some((attempt) => attempt.status === 503), 'some posts met the outage').to.equal(true);
      const after = await tryPost(node.url, database.author, 'after the database outage');
      expect(after.status).to.equal(200);

      await expectEveryAcknowledgedPostStoredOnce(database.name, [...attempts, after]);
      expect(node.alive).to.equal(true);
      expect(node.output).to.not.match(UNHANDLED);
    });
  });

  describe('PostgreSQL unreachable when a node starts', () => {
    let dataDir = '';
    let database: OutageDatabase;

    before(async () => {
      dataDir = await tempDir();
      database = await outageDatabase(dataDir);
    });

    after(async () => {
      await database?.drop(dataDir);
      if (dataDir) await removeDir(dataDir);
    });

    it('retries for database.connectTimeoutSeconds, then exits naming the key and the address, never the password', async () => {
      // Nothing listens on this port.
      const port = await freePort();
      const url = `postgres://warble:very-secret-pw@127.0.0.1:${port}/warble`;
      const result = await runWarble(['serve'], { WARBLE_DATABASE_URL: url, WARBLE_DATABASE_CONNECT_TIMEOUT_SECONDS: '3', WARBLE_DATA_DIR: dataDir, WARBLE_LOG_LEVEL: 'info' }, dataDir);
      const output = result.stdout + result.stderr;
      expect(result.code).to.equal(78);
      expect(result.stderr).to.include('database.url (WARBLE_DATABASE_URL)');
      expect(result.stderr).to.include(`127.0.0.1:${port}`);
      expect(result.stderr).to.not.match(/\n\s+at /);
      expect(output).to.not.include('very-secret-pw');
      expect(output.match(/waiting for the database/g)?.length ?? 0, 'each retry logged').to.be.greaterThan(1);
    });

    it('stops at once, without retrying, when waiting cannot help (no such database)', async () => {
      const url = new URL(database.url());
      url.pathname = '/warble_no_such_database';
      const result = await runWarble(['serve'], { WARBLE_DATABASE_URL: url.toString(), WARBLE_DATABASE_CONNECT_TIMEOUT_SECONDS: '60', WARBLE_DATA_DIR: dataDir, WARBLE_LOG_LEVEL: 'info' }, dataDir);
      expect(result.code).to.equal(78);
      expect(result.stderr).to.include('database.url (WARBLE_DATABASE_URL): cannot use the database at');
      expect(result.stderr).to.include('warble_no_such_database');
      expect(result.stdout + result.stderr).to.not.match(/waiting for the database/);
    });

    it('starts once the database becomes reachable within the time allowed', async () => {
      const proxy = await switchableProxy(Number(new URL(database.url()).port || 5432));
      proxy.hold();
      const node = await Node.spawn(
        {
          WARBLE_DATABASE_URL: database.url(Number(new URL(proxy.url).port)),
          WARBLE_DATABASE_CONNECT_TIMEOUT_SECONDS: '30',
          WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
          WARBLE_DATA_DIR: dataDir,
          WARBLE_LOG_LEVEL: 'info',
        },
        dataDir,
      );
      try {
        // Released only once the node says it is waiting (a fixed pause raced a slow start on a busy machine).
        await eventually(() => /waiting for the database/.test(node.output), 'the node waits for the database', 30_000);
        expect(node.alive, 'still waiting for the database').to.equal(true);
        proxy.forwardTo(Number(new URL(database.url()).port || 5432));
        await eventually(async () => (await readiness(node.url)).status === 200, 'ready once the database answered', 30_000);
        expect(node.output).to.match(/waiting for the database/);
      } finally {
        await node.stop();
        await proxy.close();
      }
    });
  });

  describe('Redis unreachable when a node starts', () => {
    let dataDir = '';
    let database: OutageDatabase;

    before(async () => {
      dataDir = await tempDir();
      database = await outageDatabase(dataDir);
    });

    after(async () => {
      await database?.drop(dataDir);
      if (dataDir) await removeDir(dataDir);
    });

    it('retries for redis.connectTimeoutSeconds, then exits naming the key and the address, never the password', async () => {
      const port = await freePort();
      const result = await runWarble(
        ['serve'],
        {
          WARBLE_DATABASE_URL: database.url(),
          WARBLE_REDIS_URL: `redis://:very-secret-pw@127.0.0.1:${port}`,
          WARBLE_REDIS_CONNECT_TIMEOUT_SECONDS: '2',
          WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
          WARBLE_DATA_DIR: dataDir,
        },
        dataDir,
      );
      const output = result.stdout + result.stderr;
      expect(result.code).to.equal(78);
      expect(result.stderr).to.include('redis.url (WARBLE_REDIS_URL)');
      expect(result.stderr).to.include(`127.0.0.1:${port}`);
      expect(result.stderr).to.not.match(/\n\s+at /);
      expect(output).to.not.include('very-secret-pw');
      expect(output.match(/waiting for redis/g)?.length ?? 0, 'each retry logged').to.be.greaterThan(1);
    });

    it('starts once Redis answers within the time allowed', async () => {
      const redis = await OwnRedis.notStarted();
      const node = await Node.spawn(
        {
          WARBLE_DATABASE_URL: database.url(),
          WARBLE_REDIS_URL: redis.url,
          WARBLE_REDIS_KEY_PREFIX: `warble-outage-${randomBytes(4).toString('hex')}:`,
          WARBLE_REDIS_CONNECT_TIMEOUT_SECONDS: '30',
          WARBLE_SESSION_SECRET: randomBytes(32).toString('hex'),
          WARBLE_DATA_DIR: dataDir,
        },
        dataDir,
      );
      try {
        await eventually(() => /waiting for redis/.test(node.output), 'the node waits for Redis', 30_000);
        expect(node.alive, 'still waiting for Redis').to.equal(true);
        await redis.resume();
        await eventually(async () => (await readiness(node.url)).status === 200, 'ready once Redis answered', 30_000);
        expect(node.output).to.match(/waiting for redis/);
      } finally {
        await node.stop();
        await redis.stop();
      }
    });
  });
});
