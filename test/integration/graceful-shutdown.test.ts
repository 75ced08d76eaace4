import { expect } from 'chai';
import { request } from 'node:http';
import { once } from 'node:events';
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
});
