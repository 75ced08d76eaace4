import { expect } from 'chai';
import { ADMIN, MEMBER } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { linkIn, mailsTo, startPeopleWorld, tokenOf, type PeopleWorld } from './people-world.js';

const NEW_PASSWORD = 'a brand new password';

describe('password reset by email', () => {
  let world: PeopleWorld;
  before(async () => {
    world = await startPeopleWorld();
    await world.testApp.container.models.User.update({ email: 'bob@example.com' }, { where: { username: MEMBER.username } });
    await world.testApp.container.users.create({ username: 'dirk', displayName: 'Dirk Directory', email: 'dirk@example.com', source: 'ldap', directoryDn: 'uid=dirk,dc=example' });
  });
  after(() => world.close());

  const forgot = (email: string, client = new WebClient(world.testApp)) => client.submit('/password/forgot', '/password/forgot', { email });
  const choose = (link: string, password = NEW_PASSWORD, client = new WebClient(world.testApp)) =>
    client.submit('/login', '/password/reset', { token: tokenOf(link), password, passwordConfirmation: password });
  /** Mail leaves after the answer: give a mail that should not come the time one would take. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('the sign-in page offers it; the mailed link sets a new password once and signs the person out everywhere', async () => {
    const login = await new WebClient(world.testApp).get('/login').expect(200);
    expect(login.text).to.include('href="/password/forgot"');
    const elsewhere = new WebClient(world.testApp);
    await elsewhere.signIn(MEMBER.username, MEMBER.password);
    await elsewhere.get('/').expect(200);

    const asked = await forgot('BOB@example.com');
    expect(asked.status).to.equal(200);
    expect(asked.text).to.include('data-testid="forgot-sent"');
    const [mail] = await mailsTo(world.receiver, 'bob@example.com');
    expect(mail?.parsed.subject).to.equal('Reset your Warble password');
    const link = linkIn(mail!, '/password/reset');
    const form = await new WebClient(world.testApp).get(link).expect(200);
    expect(form.text).to.include(`New password for ${MEMBER.username}`);

    const done = await choose(link);
    expect(done.status).to.equal(302);
    expect(done.headers.location).to.equal('/login?reset=1');
    expect((await new WebClient(world.testApp).get('/login?reset=1')).text).to.include('Your password was changed');
    // The other browser's session ended.
    const after = await elsewhere.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
    expect((await new WebClient(world.testApp).signIn(MEMBER.username, MEMBER.password)).status).to.equal(401);
    expect((await new WebClient(world.testApp).signIn(MEMBER.username, NEW_PASSWORD)).status).to.equal(302);

    // Used once.
    expect((await new WebClient(world.testApp).get(link)).status).to.equal(410);
    expect((await choose(link, 'yet another password')).status).to.equal(410);
    expect((await new WebClient(world.testApp).signIn(MEMBER.username, NEW_PASSWORD)).status).to.equal(302);
    const actions = (await world.testApp.container.auditEvents.search({ action: 'password-reset.', limit: 10 })).map((entry) => entry.action);
    expect(actions).to.include.members(['password-reset.requested', 'password-reset.completed']);
  });

  it('answers the same for an unknown address, a directory account and a known one, and mails only the local account', async () => {
    const before = world.receiver.received.length;
    const unknown = await forgot('nobody@example.com');
    const directory = await forgot('dirk@example.com');
    const known = await forgot('bob@example.com');
    expect([unknown.status, directory.status, known.status]).to.deep.equal([200, 200, 200]);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/data-viewer="[^"]*"/g, '');
    expect(strip(unknown.text)).to.equal(strip(known.text));
    expect(strip(directory.text)).to.equal(strip(known.text));
    await mailsTo(world.receiver, 'bob@example.com', 2);
    await settle();
    expect(world.receiver.received.length).to.equal(before + 1);
    expect(world.receiver.to('dirk@example.com')).to.deep.equal([]);
    expect(world.receiver.to('nobody@example.com')).to.deep.equal([]);
  });

  it('a new password is checked like any (422 next to the field) and a refused one does not spend the link', async () => {
    const count = world.receiver.to('bob@example.com').length;
    await forgot('bob@example.com');
    const mails = await mailsTo(world.receiver, 'bob@example.com', count + 1);
    const link = linkIn(mails.at(-1)!, '/password/reset');
    const short = await choose(link, 'short');
    expect(short.status).to.equal(422);
    expect(short.text).to.match(/id="password-error"/);
    const client = new WebClient(world.testApp);
    const differ = await client.submit('/login', '/password/reset', { token: tokenOf(link), password: NEW_PASSWORD, passwordConfirmation: 'something else entirely' });
    expect(differ.status).to.equal(422);
    await new WebClient(world.testApp).get(link).expect(200);
  });

  it('an expired link is refused and changes nothing', async () => {
    const count = world.receiver.to('bob@example.com').length;
    // Bob used up his mails for the hour: this one comes from an administrator (the service the People page calls).
    const bob = await world.testApp.container.users.findByUsername(MEMBER.username);
    await world.testApp.container.people.passwordResets.sendFor({ actorId: null, actorLabel: 'test', address: null }, bob!.id);
    const mails = await mailsTo(world.receiver, 'bob@example.com', count + 1);
    const link = linkIn(mails.at(-1)!, '/password/reset');
    await world.testApp.container.models.AccountToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { purpose: 'password-reset', usedAt: null } });
    const page = await new WebClient(world.testApp).get(link);
    expect(page.status).to.equal(410);
    expect(page.text).to.include('no longer valid');
    expect((await choose(link, 'expired link password')).status).to.equal(410);
    expect((await new WebClient(world.testApp).signIn(MEMBER.username, 'expired link password')).status).to.equal(401);
  });

  it('is rate limited: per client address with a 429, per mail address silently', async () => {
    const client = () => new WebClient(world.testApp, 'en', { localAddress: '127.0.0.42' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await forgot(`limit-${i}@example.com`, client())).status);
    expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(200));
    expect(statuses[10]).to.equal(429);

    const forEmail = () => forgot('admin@example.com', new WebClient(world.testApp, 'en', { localAddress: `127.0.0.${50 + Math.floor(Math.random() * 100)}` }));
    await world.testApp.container.models.User.update({ email: 'admin@example.com' }, { where: { username: ADMIN.username } });
    for (let i = 0; i < 4; i += 1) expect((await forEmail()).status).to.equal(200);
    await mailsTo(world.receiver, 'admin@example.com', 3);
    await settle();
    expect(world.receiver.to('admin@example.com')).to.have.length(3);
  });

  describe('from the People page', () => {
    let admin: WebClient;
    beforeEach(async () => {
      admin = new WebClient(world.testApp);
      await admin.signIn(ADMIN.username, ADMIN.password);
    });

    it('an administrator mails a reset link to a local account', async () => {
      const bob = await world.testApp.container.users.findByUsername(MEMBER.username);
      const count = world.receiver.to('bob@example.com').length;
      const page = await admin.get('/admin/users').expect(200);
      expect(page.text).to.include(`action="/admin/users/${bob!.id}/password-reset"`);
      const sent = await admin.submit('/admin/users', `/admin/users/${bob!.id}/password-reset`, {});
      expect(sent.status).to.equal(302);
      expect(sent.headers.location).to.equal(`/admin/users?done=resetSent&name=${MEMBER.username}`);
      const mails = await mailsTo(world.receiver, 'bob@example.com', count + 1);
      await new WebClient(world.testApp).get(linkIn(mails.at(-1)!, '/password/reset')).expect(200);
      const [entry] = await world.testApp.container.auditEvents.search({ action: 'password-reset.requested', limit: 1 });
      expect(entry?.actorLabel).to.equal(ADMIN.username);
    });

    it('mails in the person\'s language', async () => {
      const bob = await world.testApp.container.users.findByUsername(MEMBER.username);
      await world.testApp.container.users.setLocale(bob!.id, 'fr');
      const count = world.receiver.to('bob@example.com').length;
      await admin.submit('/admin/users', `/admin/users/${bob!.id}/password-reset`, {});
      const mails = await mailsTo(world.receiver, 'bob@example.com', count + 1);
      expect(mails.at(-1)?.parsed.subject).to.equal('Réinitialiser votre mot de passe Warble');
      expect(mails.at(-1)?.parsed.text).to.include('Bonjour Bob Builder,');
      await world.testApp.container.users.setLocale(bob!.id, null);
    });

    it('refuses directory accounts (their password lives in the directory), members (403) and a missing CSRF token', async () => {
      const dirk = await world.testApp.container.users.findByUsername('dirk');
      const page = await admin.get('/admin/users').expect(200);
      expect(page.text).not.to.include(`/admin/users/${dirk!.id}/password-reset`);
      const refused = await admin.submit('/admin/users', `/admin/users/${dirk!.id}/password-reset`, {});
      expect(refused.status).to.equal(422);
      expect(refused.text).to.include('Only local accounts have a password Warble can reset');

      const bob = await world.testApp.container.users.findByUsername(MEMBER.username);
      const member = new WebClient(world.testApp);
      await member.signIn(MEMBER.username, NEW_PASSWORD);
      expect((await member.submit('/', `/admin/users/${bob!.id}/password-reset`, {})).status).to.equal(403);
      expect((await admin.agent.post(`/admin/users/${bob!.id}/password-reset`).type('form').send({})).status).to.equal(403);
      expect(world.receiver.to('dirk@example.com')).to.deep.equal([]);
    });
  });
});
