import { expect } from 'chai';
import supertest from 'supertest';
import { newId } from '../../../server/domain/ids.js';
import { passesLuhn } from '../../../plugins/keyword-guard/luhn.js';
import { verifySignature } from '../../../plugins/webhooks/signature.js';
import { post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';
import { configFile, eventually, FAST_HOOKS } from './plugin-world.js';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from './webhook-receiver.js';

const TOKEN = 'ci-token-0123456789abcdefghij';
const SECRET = 'outgoing-secret-for-tests';

describe('bundled plugins', () => {
  let world: PostsWorld;
  let receiver: WebhookReceiver;
  let received: ReceivedDelivery[];
  /** Status codes the receiver answers, in order; then 200. */
  let answers: number[];

  before(async () => {
    receiver = await startWebhookReceiver();
    ({ received, answers } = receiver);
    const config = configFile({
      plugins: {
        enabled: ['keyword-guard', 'ticket-links', 'webhooks'],
        'keyword-guard': { patterns: ['project\\s+falcon'], cardNumbers: true },
        'ticket-links': { url: 'https://tracker.example.com/browse/{key}', projects: ['OPS'] },
        webhooks: {
          incoming: [{ name: 'ci', group: 'ops', token: TOKEN }],
          outgoing: [{ url: receiver.url, secret: SECRET, hashtag: 'deploy' }],
          retryBaseMs: 50,
          attempts: 3,
          timeoutMs: 2000,
        },
      },
    });
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_CONFIG: config });
    await world.testApp.container.models.Group.create({ id: newId(), slug: 'ops', name: 'Operations', visibility: 'private', directoryDn: null });
  });
  after(async () => {
    await world.close();
    await receiver.close();
  });

  describe('keyword-guard', () => {
    it('rejects a valid card number with a message the author sees, and stores nothing', async () => {
      const before = await world.testApp.container.models.Post.count();
      const response = await world.bob.post('/api/v1/statuses', { status: 'pay with 4111 1111 1111 1111 please' });
      expect(response.status).to.equal(422);
      expect(response.body.code).to.equal('E_PLUGIN_REJECTED');
      expect(response.body.error).to.match(/payment card number/);
      expect(await world.testApp.container.models.Post.count()).to.equal(before);
    });

    it('accepts a random 16-digit number that fails Luhn', async () => {
      let digits = '';
      do digits = Array.from({ length: 16 }, () => Math.floor(Math.random() * 10)).join('');
      while (passesLuhn(digits));
      await post(world.bob, { status: `order number ${digits}` });
    });

    it('rejects a configured pattern, case-insensitively', async () => {
      const response = await world.bob.post('/api/v1/statuses', { status: 'Project  Falcon launches soon' });
      expect(response.status).to.equal(422);
      expect(response.body.error).to.match(/may not be shared/);
    });
  });

  describe('ticket-links', () => {
    it('links configured issue keys, escaped, and leaves other projects alone', async () => {
      const status = await post(world.bob, { status: 'fixed OPS-42 and WEB-7 <b>' });
      expect(status.content).to.include('<a href="https://tracker.example.com/browse/OPS-42" class="plugin-link" rel="nofollow noopener noreferrer" title="OPS-42">OPS-42</a>');
      expect(status.content).to.not.include('browse/WEB-7');
      expect(status.content).to.include('&lt;b&gt;');
    });
  });

  describe('webhooks', () => {
    it('an incoming webhook posts JSON and form messages into its group as the bot', async () => {
      const json = await supertest(world.testApp.callback).post(`/plugins/webhooks/incoming/${TOKEN}`).send({ text: 'Build 512 passed' }).expect(201);
      await supertest(world.testApp.callback).post(`/plugins/webhooks/incoming/${TOKEN}`).type('form').send({ text: 'Build 513 failed' }).expect(201);
      const stored = await world.testApp.container.models.Post.findByPk(json.body.id as string);
      const group = await world.testApp.container.models.Group.findOne({ where: { slug: 'ops' } });
      expect(stored?.groupId).to.equal(group?.id);
      const bot = await world.testApp.container.models.User.findByPk(stored!.authorId);
      expect(bot?.isBot).to.equal(true);
      expect(bot?.username).to.equal('webhooks');
      const account = await world.bob.get(`/api/v1/accounts/${bot!.id}`).expect(200);
      expect(account.body.bot).to.equal(true);
      expect(await world.testApp.container.models.Post.count({ where: { authorId: bot!.id } })).to.equal(2);
    });

    it('an incoming webhook refuses a wrong secret', async () => {
      const before = await world.testApp.container.models.Post.count();
      const response = await supertest(world.testApp.callback).post('/plugins/webhooks/incoming/not-the-token-0123456789abc').send({ text: 'hi' });
      expect(response.status).to.equal(404);
      expect(await world.testApp.container.models.Post.count()).to.equal(before);
    });

    it('an outgoing webhook is signed, retried after a 500, and listed on the admin page', async () => {
      answers.push(500);
      const status = await post(world.carol, { status: 'shipped v2 #deploy' });
      await post(world.carol, { status: 'not for the hook' });
      const deliveries = await eventually(async () => received.filter((r) => r.body.includes(status.id)), (list) => list.length >= 2);
      expect(deliveries.map((delivery) => delivery.answered)).to.deep.equal([500, 200]);
      for (const delivery of deliveries) {
        const timestamp = String(delivery.headers['x-warble-timestamp']);
        expect(verifySignature(SECRET, timestamp, delivery.body, String(delivery.headers['x-warble-signature']))).to.equal(true);
        expect(verifySignature('another-secret-value', timestamp, delivery.body, String(delivery.headers['x-warble-signature']))).to.equal(false);
      }
      const payload = JSON.parse(deliveries[1]!.body) as { event: string; post: { id: string; hashtags: string[] } };
      expect(payload.event).to.equal('post.created');
      expect(payload.post.hashtags).to.deep.equal(['deploy']);
      expect(received.some((r) => r.body.includes('not for the hook'))).to.equal(false);
      const page = await eventually(
        async () => (await world.ada.get('/admin/plugins/webhooks').set('Accept', 'text/html').expect(200)).text,
        (html) => html.includes('delivered'),
      );
      expect(page).to.include(status.id);
      expect(page).to.include('delivered');
    });

    it('never sends direct messages or private group posts to a hashtag hook', async () => {
      const before = received.length;
      await post(world.bob, { status: '@carol secret #deploy', visibility: 'direct' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received.length).to.equal(before);
    });

    it('an administrator creates an incoming webhook on the admin page', async () => {
      const page = await world.ada.get('/admin/plugins/webhooks').set('Accept', 'text/html').expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      await world.ada.post('/plugins/webhooks/admin/incoming', { name: 'monitoring', group: 'ops', _csrf: csrf }).expect(302);
      const after = await world.ada.get('/admin/plugins/webhooks').set('Accept', 'text/html').expect(200);
      const url = /\/plugins\/webhooks\/incoming\/([A-Za-z0-9_-]{32})/.exec(after.text.replace(TOKEN, ''));
      expect(url, 'the new webhook URL').to.not.equal(null);
      await supertest(world.testApp.callback).post(`/plugins/webhooks/incoming/${url![1]}`).send({ message: 'disk 91% full' }).expect(201);
      await world.bob.post('/plugins/webhooks/admin/incoming', { name: 'x', group: 'ops' }).expect(403);
      const [changed] = await world.testApp.container.auditEvents.search({ action: 'plugin.changed', limit: 5 });
      expect(changed).to.include({ targetId: 'webhooks' });
      expect(JSON.parse(changed!.detail)).to.deep.equal({ path: '/admin/incoming' });
    });
  });
});
