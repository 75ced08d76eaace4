/**
 * Issue 14: a `kill -9` between commit and delivery loses no side effect.
 * A real `warble serve` process commits a post and is SIGKILLed right after
 * the commit, before any sink ran (WARBLE_TEST_CRASH_AFTER_COMMIT); the
 * outgoing webhook is then sent by the restarted process, exactly once.
 * Without the outbox the post is stored and the webhook never leaves.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer } from '../../../server/container.js';
import { createLogger } from '../../../server/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { freePort, spawnWarble, waitForOk } from '../../helpers/warble-process.js';
import { configFile, eventually } from '../plugins/plugin-world.js';
import { startWebhookReceiver, type WebhookReceiver } from '../plugins/webhook-receiver.js';

describe('side effects survive a kill -9 between commit and delivery (outbox)', function () {
  this.timeout(90_000);
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let token = '';
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    receiver = await startWebhookReceiver();
    const config = configFile({ plugins: { enabled: ['webhooks'], webhooks: { outgoing: [{ url: receiver.url, secret: 'outgoing-secret-for-tests' }] } } });
    env = { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url, WARBLE_CONFIG: config };
    // The author and their token, written before any server runs.
    const setup = await buildContainer(loadConfig({ env, cwd: database.dataDir }), createLogger('silent'), { migrate: true, backgroundJobs: false, processMetrics: false });
    try {
      const author = await setup.localUsers.create({ username: 'carol', password: 'carols long password' });
      ({ token } = await setup.tokens.issue({ kind: 'personal', userId: author.id, appId: null, scopes: ['read', 'write'] }));
    } finally {
      await setup.close();
    }
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver.close();
    await database.drop();
  });

  const serve = async (extra: Record<string, string>) => {
    const port = await freePort();
    const child = spawnWarble(['serve'], { ...env, WARBLE_PORT: String(port), ...extra }, database.dataDir);
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await waitForOk(`http://127.0.0.1:${port}/healthz`);
    return { url: `http://127.0.0.1:${port}`, child, exited, stderr: () => stderr };
  };

  const outboxRows = async (): Promise<number> => {
    const reader = await buildContainer(loadConfig({ env, cwd: database.dataDir }), createLogger('silent'), { migrate: false, backgroundJobs: false, processMetrics: false });
    try {
      return await reader.models.OutboxEvent.count();
    } finally {
      await reader.close();
    }
  };

  it('a post committed by a process killed before delivering is sent to the webhook once, by the restarted process', async () => {
    const first = await serve({ WARBLE_TEST_CRASH_AFTER_COMMIT: 'post.created' });
    const answer = await fetch(`${first.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'shipped the release notes' }),
    }).catch((error: unknown) => error);
    // The process died at commit: no answer, and no side effect yet.
    expect(answer, 'the request got no answer').to.be.instanceOf(Error);
    const [, signal] = await first.exited;
    expect(signal, first.stderr()).to.equal('SIGKILL');
    expect(receiver.received, 'webhooks sent before the restart').to.deep.equal([]);
    expect(await outboxRows(), 'the recorded event').to.equal(1);

    const second = await serve({});
    const received = await eventually(async () => receiver.received, (list) => list.length > 0, 30_000);
    expect(received, 'webhooks sent after the restart').to.have.length(1);
    const sent = JSON.parse(received[0]!.body) as { event: string; post: { text: string } };
    expect(sent.event).to.equal('post.created');
    expect(sent.post.text).to.contain('shipped the release notes');
    expect(await eventually(outboxRows, (count) => count === 0, 10_000), 'outbox rows left').to.equal(0);
    // Delivered once: no second delivery follows.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).to.have.length(1);
    second.child.kill('SIGTERM');
    const [code] = await second.exited;
    expect(code, second.stderr()).to.equal(0);
  });
});
