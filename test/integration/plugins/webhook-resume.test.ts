import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { buildContainer, type Container } from '../../../server/container.js';
import { createLogger } from '../../../server/logging/logger.js';
import { post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';
import { configFile, eventually, FAST_HOOKS } from './plugin-world.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

interface StoredDelivery {
  status: string;
  attempts: number;
}

describe('webhook retries survive a node stopping', () => {
  let world: PostsWorld;
  let receiver: WebhookReceiver;
  let nodeB: Container | undefined;

  before(async () => {
    receiver = await startWebhookReceiver();
    const config = configFile({
      plugins: {
        enabled: ['webhooks'],
        webhooks: {
          outgoing: [{ url: receiver.url, secret: 'outgoing-secret-for-tests', hashtag: 'deploy' }],
          // Node A stops well within the first second, before its own retry timer fires.
          retryBaseMs: 1000,
          attempts: 3,
          timeoutMs: 2000,
          resumeAfterMs: 1000,
        },
      },
    });
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_CONFIG: config });
  });
  after(async () => {
    await nodeB?.close();
    await world.close();
    await receiver.close();
  });

  const storedDeliveries = async (container: Container): Promise<StoredDelivery[]> => {
    const rows = await container.sequelize.query<{ key: string; value: string }>("SELECT key, value FROM plugin_kv WHERE plugin_id = 'webhooks'", {
      type: QueryTypes.SELECT,
    });
    return rows.filter((row) => row.key.startsWith('delivery:')).map((row) => JSON.parse(row.value) as StoredDelivery);
  };

  it('a retry pending when its node stops is delivered once by another node, with the same id and body', async () => {
    receiver.answers.push(500);
    const status = await post(world.carol, { status: 'rolled out v3 #deploy' });
    const pending = await eventually(() => storedDeliveries(world.testApp.container), (list) => list.some((d) => d.attempts === 1));
    expect(pending).to.deep.include.members([{ ...pending[0]!, status: 'pending', attempts: 1 }]);
    // Node A stops between attempts: its timer is gone, the delivery stays recorded.
    await world.testApp.container.plugins.stop();

    nodeB = await buildContainer(world.testApp.config, createLogger('silent'), { migrate: false, processMetrics: false });
    const delivered = await eventually(() => storedDeliveries(nodeB!), (list) => list.some((d) => d.status === 'delivered'), 8000);
    expect(delivered.map((d) => [d.status, d.attempts])).to.deep.equal([['delivered', 2]]);
    const attempts = receiver.received.filter((r) => r.body.includes(status.id));
    expect(attempts.map((r) => r.answered)).to.deep.equal([500, 200]);
    expect(attempts[1]!.headers['x-warble-delivery']).to.equal(attempts[0]!.headers['x-warble-delivery']);
    expect(attempts[1]!.body).to.equal(attempts[0]!.body);
  });
});
