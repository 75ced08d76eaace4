import { expect } from 'chai';
import supertest from 'supertest';
import { DigestDeliveryRepository, MAX_ATTEMPTS, STALE_CLAIM_MS } from '../../../server/db/repositories/digest-delivery-repository.js';
import { startTestApp } from '../../helpers/test-app.js';
import { freePort } from '../../helpers/warble-process.js';
import { startDigestWorld, tick, type DigestWorld } from './digest-world.js';

describe('digest claims and scheduling', function () {
  this.timeout(60_000);
  let world: DigestWorld;
  let claims: DigestDeliveryRepository;
  before(async () => {
    world = await startDigestWorld();
    const { sequelize, models } = world.testApp.container;
    claims = new DigestDeliveryRepository(sequelize, models);
  });
  after(() => world?.close());

  it('one claim per person and period: a second is refused while the first is fresh', async () => {
    const ana = await world.person('ana');
    const now = new Date();
    const first = await claims.claim(ana.id, 'daily:2030-01-01', now);
    expect(first?.status).to.equal('pending');
    const [second, third] = await Promise.all([claims.claim(ana.id, 'daily:2030-01-01', now), claims.claim(ana.id, 'daily:2030-01-01', now)]);
    expect([second, third]).to.deep.equal([null, null]);
    // Another period is another digest.
    expect(await claims.claim(ana.id, 'daily:2030-01-02', now)).to.not.equal(null);
  });

  it('a claim abandoned by a crash is taken over after the timeout, by one run only', async () => {
    const ben = await world.person('ben');
    const start = new Date();
    await claims.claim(ben.id, 'daily:2030-01-01', start);
    const later = new Date(start.getTime() + STALE_CLAIM_MS + 1000);
    const taken = await Promise.all([claims.claim(ben.id, 'daily:2030-01-01', later), claims.claim(ben.id, 'daily:2030-01-01', later)]);
    expect(taken.filter((claim) => claim !== null)).to.have.length(1);
    expect(taken.find((claim) => claim !== null)?.attempts).to.equal(2);
  });

  it('a failed digest is retried by later runs, up to the attempt limit', async () => {
    const cat = await world.person('cat');
    const now = new Date();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const claim = await claims.claim(cat.id, 'daily:2030-01-01', now);
      expect(claim?.attempts, `attempt ${attempt}`).to.equal(attempt);
      await claims.fail(claim!, 'relay refused');
    }
    expect(await claims.claim(cat.id, 'daily:2030-01-01', now)).to.equal(null);
  });

  it('a sent or skipped digest is never claimed again', async () => {
    const dan = await world.person('dan');
    const now = new Date();
    const claim = await claims.claim(dan.id, 'daily:2030-01-01', now);
    await claims.finish(claim!, 'sent', { mentions: 1, messages: 0, announcements: 0, posts: 0 }, now, now);
    expect(await claims.claim(dan.id, 'daily:2030-01-01', new Date(now.getTime() + 10 * STALE_CLAIM_MS))).to.equal(null);
  });

  it('weekly people get a weekly digest, named by ISO week', async () => {
    const eve = await world.person('eve', { frequency: 'weekly' });
    const ada = await world.person('adam', { email: null });
    await world.post(ada, '@eve the weekly news');
    await tick();
    world.receiver.clear();
    const report = await world.testApp.container.digests.run({ username: 'eve' });
    expect(report).to.include({ sent: 1 });
    const row = await world.testApp.container.models.DigestDelivery.findOne({ where: { userId: eve.id } });
    expect(row?.periodKey).to.match(/^weekly:\d{4}-W\d{2}$/);
    expect(world.receiver.to('eve@example.com')[0]?.parsed.subject).to.equal('Your weekly Warble digest: 1 new item');
  });

  it('a dry run counts what would go out and sends and records nothing', async () => {
    const fay = await world.person('fay');
    const adam = (await world.testApp.container.users.findByUsername('adam'))!;
    await world.post(adam, '@fay a message for the dry run');
    await tick();
    world.receiver.clear();
    const report = await world.testApp.container.digests.run({ username: 'fay', dryRun: true });
    expect(report).to.include({ dryRun: true, sent: 1, failed: 0 });
    expect(world.receiver.received).to.deep.equal([]);
    expect(await world.testApp.container.models.DigestDelivery.count({ where: { userId: fay.id } })).to.equal(0);
    expect((await world.reload(fay)).digestCoveredUntil).to.equal(null);
  });

  it('a relay that is down does not delay or fail start-up, and readiness stays green', async () => {
    const app = await startTestApp({
      WARBLE_PUBLIC_URL: 'http://warble.example',
      WARBLE_SMTP_HOST: '127.0.0.1',
      WARBLE_SMTP_PORT: String(await freePort()),
      WARBLE_SMTP_SECURITY: 'none',
      WARBLE_DIGEST_INTERVAL_MINUTES: '15',
    });
    try {
      expect(app.container.digests.mailEnabled).to.equal(true);
      expect(app.container.digests.job).to.not.equal(null);
      expect((await supertest(app.callback).get('/readyz')).status).to.equal(200);
    } finally {
      await app.close();
    }
  });
});
