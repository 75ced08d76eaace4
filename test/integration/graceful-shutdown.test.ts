import { expect } from 'chai';
import { request } from 'node:http';
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
      let refused = false;
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`);
      } catch {
        refused = true;
      }
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
