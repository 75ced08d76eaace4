/**
 * The event outbox (server/services/outbox/): events recorded in a write's
 * transaction are told after commit and only then; their rows go once every
 * sink settled; rows of a node that died are taken over by a sweep, once
 * across nodes; sinks tolerate the repeat that at-least-once delivery allows.
 */
import { expect } from 'chai';
import { Op } from 'sequelize';
import type { Container } from '../../../server/container.js';
import { OutboxRepository } from '../../../server/db/repositories/outbox-repository.js';
import { newId } from '../../../server/domain/ids.js';
import { EventPublisher, type WarbleEventName } from '../../../server/services/events.js';
import { post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';
import { configFile, eventually, FAST_HOOKS } from '../plugins/plugin-world.js';
import { startWebhookReceiver, type WebhookReceiver } from '../plugins/webhook-receiver.js';

interface Heard {
  name: WarbleEventName;
  followerId: string;
}

describe('event outbox', () => {
  let world: PostsWorld;
  let container: Container;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver();
    const config = configFile({ plugins: { enabled: ['webhooks'], webhooks: { outgoing: [{ url: receiver.url, secret: 'outgoing-secret-for-tests' }] } } });
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_CONFIG: config });
    container = world.testApp.container;
  });
  after(async () => {
    await world.close();
    await receiver.close();
  });

  /** A publisher on the same database as another node would have; `heard` lists what its sink was told. */
  const node = (holder: string, errors: string[] = []) => {
    const heard: Heard[] = [];
    const events = new EventPublisher({
      onSinkError: () => undefined,
      outbox: new OutboxRepository(container.sequelize, container.models),
      holder,
      onOutboxError: (_error, message) => errors.push(message),
    });
    events.register((name, payload) => {
      if (name === 'follow.created' || name === 'follow.removed') heard.push({ name, followerId: (payload as { followerId: string }).followerId });
    });
    return { events, heard };
  };
  const rowsFor = (followerId: string) => container.models.OutboxEvent.count({ where: { payload: { [Op.like]: `%${followerId}%` } } });

  it('a rolled-back transaction records nothing and tells nobody', async () => {
    const { events, heard } = node('node-rollback');
    const marker = newId();
    const failure = await container.sequelize
      .transaction(async (transaction) => {
        await events.record(transaction, 'follow.created', { followerId: marker, followeeId: 'someone' });
        throw new Error('the write failed');
      })
      .catch((error: unknown) => error);
    expect((failure as Error).message).to.equal('the write failed');
    expect(heard).to.deep.equal([]);
    expect(await rowsFor(marker)).to.equal(0);
  });

  it('a committed transaction tells its events in order after commit, and its rows go once every sink settled', async () => {
    const { events, heard } = node('node-commit');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    events.register((name) => (name === 'follow.removed' ? held : undefined));
    const marker = newId();
    await container.sequelize.transaction(async (transaction) => {
      await events.record(transaction, 'follow.created', { followerId: marker, followeeId: 'someone' });
      await events.record(transaction, 'follow.removed', { followerId: marker, followeeId: 'someone' });
      expect(heard, 'told before commit').to.deep.equal([]);
    });
    expect(heard).to.deep.equal([
      { name: 'follow.created', followerId: marker },
      { name: 'follow.removed', followerId: marker },
    ]);
    expect(await rowsFor(marker), 'rows while a sink is still working').to.equal(2);
    release();
    await events.drain(5000);
    expect(await rowsFor(marker), 'rows once every sink settled').to.equal(0);
  });

  it('a sweep takes over the rows of a node that died, leaves live claims alone, and two nodes sweeping at once deliver each row once', async () => {
    const dead = newId();
    const live = newId();
    const now = Date.now();
    await container.models.OutboxEvent.bulkCreate([
      { id: newId(), name: 'follow.created', payload: JSON.stringify({ followerId: dead, followeeId: 'x' }), claimedBy: 'dead-node', claimedUntil: new Date(now - 1000), createdAt: new Date(now - 6000) },
      { id: newId(), name: 'follow.created', payload: JSON.stringify({ followerId: live, followeeId: 'x' }), claimedBy: 'live-node', claimedUntil: new Date(now + 60_000), createdAt: new Date(now) },
    ]);
    const b = node('node-b');
    const c = node('node-c');
    await Promise.all([b.events.sweep(), c.events.sweep()]);
    await Promise.all([b.events.drain(5000), c.events.drain(5000)]);
    const told = [...b.heard, ...c.heard];
    expect(told.filter((event) => event.followerId === dead), 'the dead node’s event').to.have.length(1);
    expect(told.filter((event) => event.followerId === live), 'the live node’s event').to.deep.equal([]);
    expect(await rowsFor(dead)).to.equal(0);
    expect(await rowsFor(live)).to.equal(1);
    await container.models.OutboxEvent.destroy({ where: { claimedBy: 'live-node' } });
  });

  it('an event whose delivery never completes (it keeps killing its node) is dropped after five attempts, with an error', async () => {
    const poison = newId();
    await container.models.OutboxEvent.create({
      id: newId(),
      name: 'follow.created',
      payload: JSON.stringify({ followerId: poison, followeeId: 'x' }),
      claimedBy: 'dead-node',
      claimedUntil: new Date(Date.now() - 1000),
      attempts: 5,
      createdAt: new Date(Date.now() - 60_000),
    });
    const errors: string[] = [];
    const { events, heard } = node('node-d', errors);
    await events.sweep();
    await events.drain(5000);
    expect(heard).to.deep.equal([]);
    expect(errors).to.deep.equal(['outbox event dropped']);
    expect(await rowsFor(poison)).to.equal(0);
  });

  it('a post leaves no outbox row behind once its sinks (live delivery, plugins, webhooks) are done', async () => {
    const status = await post(world.carol, { status: 'outbox rows are cleaned up' });
    await container.core.events.drain(5000);
    expect(await rowsFor(status.id)).to.equal(0);
    await eventually(async () => receiver.received, (list) => list.some((delivery) => delivery.body.includes(status.id)));
  });

  it('post.created told twice (at-least-once) sends its webhook once', async () => {
    const status = await post(world.carol, { status: 'told twice, sent once' });
    await container.core.events.drain(5000);
    const sent = () => receiver.received.filter((delivery) => delivery.body.includes(status.id));
    await eventually(async () => sent(), (list) => list.length > 0);
    container.core.events.publish('post.created', { postId: status.id, authorId: world.ids.carol, inReplyToId: null, repostOfId: null });
    await container.core.events.drain(5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent()).to.have.length(1);
  });
});
