import { expect } from 'chai';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { loadConfig } from '../../server/config/load-config.js';
import { buildContainer } from '../../server/container.js';
import { startServer } from '../../server/main.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { freePort, spawnWarble, waitForOk } from '../helpers/warble-process.js';

describe('graceful shutdown', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('on SIGTERM, a request in flight completes, new connections are refused, and the process exits 0', async () => {
    const port = await freePort();
    const child = spawnWarble(
      ['serve'],
      { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url, WARBLE_PORT: String(port) },
      database.dataDir,
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await waitForOk(`http://127.0.0.1:${port}/healthz`);
      const body = 'login=someone&password=something';
      // A slow upload: headers now, the body after the signal.
      const inFlight = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      });
      const responded = new Promise<number>((resolve, reject) => {
        inFlight.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        });
        inFlight.on('error', reject);
      });
      inFlight.write(body.slice(0, 10));
      await new Promise((resolve) => setTimeout(resolve, 200));

      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A new connection (fetch's pool may still hold a keep-alive one from waitForOk, which is answered, see below).
      const fresh = request({ host: '127.0.0.1', port, path: '/healthz', agent: false });
      const refused = await new Promise<boolean>((resolve) => {
        fresh.on('response', (response) => {
          response.resume();
          resolve(false);
        });
        fresh.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
        fresh.end();
      });
      expect(refused, 'new connections after SIGTERM').to.equal(true);

      inFlight.end(body.slice(10));
      const status = await responded;
      // The form has no CSRF token, so the complete answer is a 403 page: what matters is that it arrived.
      expect(status).to.equal(403);
      const [code] = await exited;
      expect(code, stderr).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('on SIGTERM under keep-alive load, every request sent gets a complete response and none is reset', async () => {
    const port = await freePort();
    const child = spawnWarble(
      ['serve'],
      { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url, WARBLE_PORT: String(port) },
      database.dataDir,
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let processGone = false;
    void exited.then(() => (processGone = true));
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes = { complete: 0, closeAnnounced: 0, refused: 0, failures: [] as string[], statuses: new Set<number>() };
    // One request on the agent's pooled sockets; a reset or an unfinished response is a failure.
    const send = (path: string) =>
      new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path, agent, headers: { accept: 'text/html' } }, (response) => {
          response.resume();
          response.on('end', () => {
            outcomes.complete += 1;
            outcomes.statuses.add(response.statusCode ?? 0);
            if (response.headers.connection === 'close') outcomes.closeAnnounced += 1;
            resolve();
          });
          response.on('error', (error) => {
            outcomes.failures.push(`${path}: response ${error.message}`);
            resolve();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          // A new connection refused after the listener closed was never sent: the client tries another node.
          if (error.code === 'ECONNREFUSED') outcomes.refused += 1;
          else outcomes.failures.push(`${path}: ${error.code ?? ''} ${error.message}`);
          resolve();
        });
        req.end();
      });
    try {
      await waitForOk(`http://127.0.0.1:${port}/healthz`);
      // A page (session, CSRF token, database) between the health checks; /setup answers 403 without its one-time link.
      const paths = ['/login', '/healthz', '/readyz', '/login'];
      // Eight senders, each sending its next request as soon as the last one is answered, until the process is gone.
      const senders = Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; !processGone && i < 100_000; i += 1) await send(paths[(worker + i) % paths.length]!);
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const beforeSignal = outcomes.complete;
      child.kill('SIGTERM');
      const [code] = await exited;
      await Promise.all(senders);
      expect(beforeSignal, 'requests answered before the signal').to.be.greaterThan(20);
      expect(outcomes.failures, 'resets or unfinished responses').to.deep.equal([]);
      expect([...outcomes.statuses].every((status) => (status >= 200 && status < 300) || status === 503), `statuses ${[...outcomes.statuses].join(',')}`).to.equal(true);
      expect(outcomes.closeAnnounced, 'responses that told the client the connection closes').to.be.greaterThan(0);
      expect(code, stderr).to.equal(0);
    } finally {
      agent.destroy();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('a request on a keep-alive connection opened before shutdown began is answered, with Connection: close, and /readyz says 503', async () => {
    const drainDatabase = await createTestDatabase();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const config = loadConfig({
        env: { WARBLE_DATA_DIR: drainDatabase.dataDir, WARBLE_DATABASE_URL: drainDatabase.url, WARBLE_PORT: '0' },
        cwd: drainDatabase.dataDir,
      });
      const running = await startServer(config, captureLog('warn').logger);
      const { port } = new URL(running.url);
      const get = (path: string) =>
        new Promise<{ status: number; connection: string | undefined; socketReused: boolean }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, agent }, (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, socketReused: req.reusedSocket }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await get('/readyz')).status).to.equal(200);
      const stopped = running.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const during = await get('/readyz');
      expect(during).to.deep.equal({ status: 503, connection: 'close', socketReused: true });
      await stopped;
    } finally {
      agent.destroy();
      await drainDatabase.drop();
    }
  });

  it('a handler still running when its connection is cut at the shutdown timeout finishes before the database closes', async () => {
    const shutdownDatabase = await createTestDatabase();
    try {
      const config = loadConfig({
        env: {
          WARBLE_DATA_DIR: shutdownDatabase.dataDir,
          WARBLE_DATABASE_URL: shutdownDatabase.url,
          WARBLE_PORT: '0',
          WARBLE_HTTP_SHUTDOWN_TIMEOUT_MS: '1000',
        },
        cwd: shutdownDatabase.dataDir,
      });
      const log = captureLog('info');
      const running = await startServer(config, log.logger);
      const { container } = running;
      const author = await container.localUsers.create({ username: 'slowpoke', password: 'slow poke password' });
      const { token } = await container.tokens.issue({ kind: 'personal', userId: author.id, appId: null, scopes: ['write'] });

      // Hold the author's row (and, on SQLite, the write lock) so the post's transaction waits past the shutdown timeout.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = container.sequelize.transaction(async (transaction) => {
        await container.models.User.findByPk(author.id, { transaction, lock: transaction.LOCK.UPDATE });
        locked();
        await held;
      });
      await isLocked;
      const posting = fetch(`${running.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'written while the node stops' }),
      }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stopped = running.stop();
      // Past the 1 s timeout (the client's connection is gone, its handler still waits for the lock),
      // and within the second second, which shutdown gives running handlers before closing the database.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      release();
      await holder;
      await stopped;
      expect(await posting).to.be.instanceOf(Error);
      expect(log.lines.filter((line) => (line.level ?? 0) >= 50), 'errors logged').to.deep.equal([]);

      // The handler completed its write before the database closed: the post is there after a restart.
      const reopened = await buildContainer(config, captureLog('warn').logger, { migrate: false, backgroundJobs: false, processMetrics: false });
      try {
        expect(await reopened.models.Post.count({ where: { authorId: author.id } })).to.equal(1);
      } finally {
        await reopened.close();
      }
    } finally {
      await shutdownDatabase.drop();
    }
  });
});
