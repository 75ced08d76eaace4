import { expect } from 'chai';
import supertest from 'supertest';
import type { UserModel } from '../../../server/db/models/user.js';
import type { ReceivedMail } from '../../helpers/smtp-receiver.js';
import { runWarble } from '../../helpers/warble-process.js';
import { DAY, FROM, PUBLIC_URL, startDigestWorld, tick, type DigestWorld } from './digest-world.js';

/** The mail's text part, or a failed assertion naming what is missing. */
function textOf(mail: ReceivedMail | undefined): string {
  expect(mail, 'a mail').to.not.equal(undefined);
  expect(mail!.parsed.text, 'a text part').to.be.a('string');
  return mail!.parsed.text!;
}

/** The unsubscribe link of a received mail, as a path on the test app. */
function unsubscribePath(mail: ReceivedMail): string {
  const header = mail.parsed.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
  const url = /<([^>]+)>/.exec(header)?.[1] ?? '';
  expect(url.startsWith(`${PUBLIC_URL}/digest/unsubscribe?token=`), header).to.equal(true);
  return url.slice(PUBLIC_URL.length);
}

describe('email digests', function () {
  this.timeout(60_000);
  let world: DigestWorld;
  let people: Record<'ada' | 'bob' | 'claire' | 'dave' | 'erin', UserModel>;
  // Simulated days: the first run happens now, the next ones "tomorrow" and after.
  let day1: Date;
  let day2: Date;
  let firstRun: Awaited<ReturnType<DigestWorld['testApp']['container']['digests']['run']>>;
  let secondRun: typeof firstRun;

  before(async () => {
    world = await startDigestWorld();
    const { container } = world.testApp;
    people = {
      // ada writes everything and has no address, so she never gets a digest herself.
      ada: await world.person('ada', { email: null, isAdmin: true }),
      bob: await world.person('bob'),
      claire: await world.person('claire', { locale: 'fr' }),
      dave: await world.person('dave', { frequency: 'off' }),
      erin: await world.person('erin'),
    };
    const { ada, bob, claire } = people;
    const platform = await world.group('Platform', 'public', [ada, bob, claire]);
    const secret = await world.group('Secret', 'private', [ada, claire]);

    // Before the previous digest: a message bob has still not read, and a mention.
    await world.post(ada, '@bob the old message about parking', { direct: true });
    await world.post(ada, '@bob the old mention about badges');
    await tick();
    day1 = new Date();
    firstRun = await container.digests.run({ now: day1 });
    await tick();

    // Since then: one mention bob read, one he did not, a new message, an announcement, group activity.
    await world.post(ada, '@bob the mention he already read');
    await container.core.notificationInbox.markRead(bob.id);
    await world.post(ada, '@bob please review the rollout plan');
    await world.post(ada, '@bob the salary review moves to Tuesday', { direct: true });
    const announcement = await container.announcements.publishing.publish({ user: ada }, { text: 'The office closes at noon on Friday' });
    // Erin acknowledged it: nothing else is new for her.
    await container.announcements.receipts.acknowledge(people.erin.id, announcement);
    const popular = await world.post(claire, 'Deploy freeze starts Friday for the platform', { groupId: platform });
    await world.like(ada, popular);
    const hidden = await world.post(ada, 'Secret merger plans, members only', { groupId: secret });
    await world.like(claire, hidden);
    await world.post(ada, 'A quiet platform post nobody reacted to', { groupId: platform });
    await world.post(ada, '@claire bonjour, le point de jeudi est décalé');
    await world.post(ada, '@dave you turned digests off');
    world.receiver.clear();
    day2 = new Date(day1.getTime() + DAY);
    secondRun = await container.digests.run({ now: day2 });
  });
  after(() => world?.close());

  it('the first digest held what came before it; the next one exactly the unread items since', () => {
    expect(firstRun).to.include({ status: 'done', sent: 1, failed: 0 });
    const bob = textOf(world.receiver.to('bob@example.com')[0]);
    expect(bob).to.include('please review the rollout plan');
    expect(bob).to.include('the salary review moves to Tuesday');
    expect(bob).to.include('The office closes at noon on Friday');
    expect(bob).to.include('Deploy freeze starts Friday');
    expect(bob).to.not.include('already read');
    expect(bob).to.not.include('old message about parking');
    expect(bob).to.not.include('old mention about badges');
    expect(bob).to.not.include('nobody reacted');
  });

  it("never shows a private group's post to someone outside it", () => {
    const bob = world.receiver.to('bob@example.com')[0]!;
    expect(bob.raw).to.not.include('Secret merger');
    expect(textOf(bob)).to.not.include('Secret merger');
    // Claire is a member: the liked post of her private group is hers to see.
    expect(textOf(world.receiver.to('claire@example.com')[0])).to.include('Secret merger plans');
  });

  it('sends exactly one well-formed mail per person with something new, with HTML and text parts', () => {
    expect(secondRun).to.include({ status: 'done', sent: 2, skipped: 1, failed: 0 });
    expect(world.receiver.received.map((mail) => mail.envelope.to).flat().sort()).to.deep.equal(['bob@example.com', 'claire@example.com']);
    const mail = world.receiver.to('bob@example.com')[0]!;
    expect(mail.parsed.from?.value[0]?.address).to.equal(FROM);
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value[0]?.address : null).to.equal('bob@example.com');
    expect(mail.parsed.subject).to.equal('Your Warble digest: 4 new items');
    expect(mail.parsed.html).to.be.a('string').and.include('please review the rollout plan');
    expect(mail.parsed.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).to.equal('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // Links back are absolute, to the post itself.
    expect(mail.parsed.html).to.match(/href="http:\/\/warble\.example\/@ada\/[0-9A-Z]{26}"/);
    expect(textOf(mail)).to.match(/http:\/\/warble\.example\/@claire\/[0-9A-Z]{26}/);
  });

  it('escapes what people wrote in the HTML part', async () => {
    const { container } = world.testApp;
    await world.person('frank');
    await world.post(people.ada, '@frank <img src=x onerror=alert(1)> & co');
    await container.digests.run({ now: day2, username: 'frank' });
    const html = world.receiver.to('frank@example.com')[0]?.parsed.html;
    expect(html).to.be.a('string').and.include('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; co');
    expect(html).to.not.include('<img src=x');
  });

  it('writes to a French-speaking person in French', () => {
    const mail = world.receiver.to('claire@example.com')[0]!;
    expect(mail.parsed.subject).to.equal('Votre résumé Warble : 3 nouveautés');
    const text = textOf(mail);
    expect(text).to.include('Bonjour Claire');
    expect(text).to.include('le point de jeudi est décalé');
    expect(text).to.include('Se désabonner');
  });

  it('sends nothing to someone with nothing new or with digests off, and records why', async () => {
    expect(world.receiver.to('erin@example.com')).to.deep.equal([]);
    expect(world.receiver.to('dave@example.com')).to.deep.equal([]);
    const { DigestDelivery } = world.testApp.container.models;
    const erin = await DigestDelivery.findAll({ where: { userId: people.erin.id } });
    expect(erin.map((row) => row.status)).to.deep.equal(['skipped', 'skipped']);
    expect(await DigestDelivery.count({ where: { userId: people.dave.id } })).to.equal(0);
  });

  it('a second run for the same period sends nothing', async () => {
    const before = world.receiver.received.length;
    const again = await world.testApp.container.digests.run({ now: day2 });
    expect(again).to.include({ sent: 0, failed: 0, skipped: 0 });
    expect(again.alreadyDone).to.be.greaterThan(2);
    expect(world.receiver.received.length).to.equal(before);
  });

  it('does nothing while another node holds the run', async () => {
    const { container } = world.testApp;
    const leases = container.models.JobLease;
    await leases.create({ name: 'digests', holder: 'other-node', expiresAt: new Date(day2.getTime() + 3_600_000) });
    try {
      expect(await container.digests.run({ now: day2 })).to.include({ status: 'busy', sent: 0 });
    } finally {
      await leases.destroy({ where: { name: 'digests', holder: 'other-node' } });
    }
  });

  describe('unsubscribing', () => {
    it('GET shows a page with a button and changes nothing; a forged token is refused', async () => {
      const mail = world.receiver.to('bob@example.com')[0]!;
      const path = unsubscribePath(mail);
      const page = await supertest(world.testApp.callback).get(path).set('Accept', 'text/html');
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Stop sending the email digest to Bob?');
      expect(page.text).to.match(/<form method="post" action="\/digest\/unsubscribe">/);
      expect((await world.reload(people.bob)).digestFrequency).to.equal('daily');

      const forged = path.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
      expect((await supertest(world.testApp.callback).get(forged)).status).to.equal(400);
      expect((await supertest(world.testApp.callback).post(forged).type('form').send({ 'List-Unsubscribe': 'One-Click' })).status).to.equal(400);
      const otherPerson = path.replace(people.bob.id, people.erin.id);
      expect((await supertest(world.testApp.callback).post(otherPerson).type('form').send({ 'List-Unsubscribe': 'One-Click' })).status).to.equal(400);
      expect((await world.reload(people.bob)).digestFrequency).to.equal('daily');
      expect((await world.reload(people.erin)).digestFrequency).to.equal('daily');
    });

    it("a mail client's one-click POST turns the digest off, audited, without a session or CSRF token", async () => {
      const path = unsubscribePath(world.receiver.to('bob@example.com')[0]!);
      const response = await supertest(world.testApp.callback).post(path).type('form').send({ 'List-Unsubscribe': 'One-Click' });
      expect(response.status).to.equal(200);
      expect((await world.reload(people.bob)).digestFrequency).to.equal('off');
      const [entry] = await world.testApp.container.auditEvents.search({ action: 'digest.unsubscribed', limit: 5 });
      expect(entry?.targetId).to.equal(people.bob.id);
      expect(JSON.parse(entry!.detail)).to.deep.equal({ previous: 'daily', via: 'one-click' });
    });

    it("the page's button turns it off too", async () => {
      const path = unsubscribePath(world.receiver.to('claire@example.com')[0]!);
      const token = new URL(path, PUBLIC_URL).searchParams.get('token')!;
      const response = await supertest(world.testApp.callback).post('/digest/unsubscribe').type('form').send({ token });
      expect(response.status).to.equal(200);
      expect(response.text).to.include('Claire');
      expect((await world.reload(people.claire)).digestFrequency).to.equal('off');
    });

    it('the next run sends them nothing', async () => {
      // Their last digest ends now (not at the simulated day 2), so what follows is new for them.
      await world.testApp.container.models.User.update({ digestCoveredUntil: new Date() }, { where: { id: [people.bob.id, people.claire.id] } });
      await tick();
      await world.post(people.ada, '@bob are you still there?');
      await world.post(people.ada, '@claire toujours là ?');
      world.receiver.clear();
      const day3 = new Date(day2.getTime() + DAY);
      const report = await world.testApp.container.digests.run({ now: day3 });
      expect(report.failed).to.equal(0);
      expect(world.receiver.received).to.deep.equal([]);
    });
  });

  describe('when the relay is down', () => {
    it('reports the failure, marks nothing sent, and a later run sends it', async () => {
      const { container } = world.testApp;
      const gina = await world.person('gina');
      await world.post(people.ada, '@gina the relay test');
      // Her first digest looks one period back from the run's time: now.
      await tick();
      const day4 = new Date();
      await world.receiver.stop();
      let report;
      try {
        report = await container.digests.run({ now: day4, username: 'gina' });
      } finally {
        await world.receiver.start();
      }
      expect(report).to.include({ sent: 0, failed: 1 });
      const failed = await container.models.DigestDelivery.findOne({ where: { userId: gina.id } });
      expect(failed?.status).to.equal('failed');
      expect(failed?.error).to.be.a('string').and.not.equal('');
      expect((await world.reload(gina)).digestCoveredUntil).to.equal(null);

      world.receiver.clear();
      expect(await container.digests.run({ now: day4, username: 'gina' })).to.include({ sent: 1, failed: 0 });
      expect(textOf(world.receiver.to('gina@example.com')[0])).to.include('the relay test');
      const sent = await container.models.DigestDelivery.findOne({ where: { userId: gina.id } });
      expect(sent).to.include({ status: 'sent', attempts: 2, mentionsCount: 1 });
    });
  });

  describe('`warble digest run`', () => {
    it('sends what is due now and prints a summary; run again, it sends nothing', async () => {
      const hana = await world.person('hana');
      await world.post(people.ada, '@hana welcome aboard');
      world.receiver.clear();
      const env = {
        ...world.receiver.env(),
        WARBLE_DATA_DIR: world.testApp.database.dataDir,
        WARBLE_DATABASE_URL: world.testApp.database.url,
        WARBLE_PUBLIC_URL: PUBLIC_URL,
        WARBLE_DIGEST_HOUR_UTC: '0',
      };
      const first = await runWarble(['digest', 'run', '--user', 'hana'], env, world.testApp.database.dataDir);
      expect(first.code, first.stderr).to.equal(0);
      expect(first.stdout).to.match(/^sent 1, skipped 0 \(nothing new\), failed 0, already done 0/);
      expect(textOf(world.receiver.to('hana@example.com')[0])).to.include('welcome aboard');
      expect((await world.reload(hana)).digestCoveredUntil).to.not.equal(null);

      const second = await runWarble(['digest', 'run'], env, world.testApp.database.dataDir);
      expect(second.code, second.stderr).to.equal(0);
      expect(second.stdout).to.match(/^sent 0, .*already done [1-9]/);
      expect(world.receiver.to('hana@example.com')).to.have.length(1);
    });

    it('refuses without a relay, naming the key, and an unknown --user', async () => {
      const env = { WARBLE_DATA_DIR: world.testApp.database.dataDir, WARBLE_DATABASE_URL: world.testApp.database.url };
      const off = await runWarble(['digest', 'run'], env, world.testApp.database.dataDir);
      expect(off.code).to.equal(78);
      expect(off.stderr).to.include('smtp.host (WARBLE_SMTP_HOST)');
      const unknown = await runWarble(['digest', 'run', '--user', 'nobody', '--dry-run'], env, world.testApp.database.dataDir);
      expect(unknown.code).to.equal(1);
      expect(unknown.stderr).to.include('no account named nobody');
    });
  });
});
