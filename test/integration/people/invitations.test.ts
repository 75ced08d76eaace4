import { expect } from 'chai';
import { ADMIN, MEMBER, seedPeople, startTestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { linkIn, mailsTo, startPeopleWorld, tokenOf, type PeopleWorld } from './people-world.js';

describe('invitations by email', () => {
  let world: PeopleWorld;
  let admin: WebClient;
  before(async () => {
    world = await startPeopleWorld();
  });
  after(() => world.close());
  beforeEach(async () => {
    admin = new WebClient(world.testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
  });

  const invite = (email: string, extra: Record<string, string> = {}) => admin.submit('/admin/users', '/admin/invitations', { email, ...extra });

  /** Accepts the invitation at `link` with this user name. */
  async function accept(link: string, username: string, client = new WebClient(world.testApp)) {
    // The page of a spent link has no form (so no CSRF token): take one from the sign-in page.
    const response = await client.submit('/login', '/invite', { token: tokenOf(link), username, password: 'invited long password', passwordConfirmation: 'invited long password' });
    return { client, response };
  }

  it('an administrator invites an address; the mailed link lets the invitee choose a name and password, once', async () => {
    const invited = await invite('Dora@Example.com', { displayName: 'Dora Explorer' });
    expect(invited.status).to.equal(302);
    expect(invited.headers.location).to.equal('/admin/users?done=invited&name=dora%40example.com');
    const page = await admin.get(invited.headers.location!).expect(200);
    expect(page.text).to.include('Invitation sent to dora@example.com.');
    expect(page.text).to.match(/data-testid="invitation-dora@example.com"/);

    const [mail] = await mailsTo(world.receiver, 'dora@example.com');
    expect(mail?.parsed.subject).to.equal('You are invited to Warble');
    expect(mail?.parsed.text).to.include('Ada Admin invites you to Warble');
    expect(mail?.parsed.html).to.include('>Accept the invitation</a>');
    const link = linkIn(mail!, '/invite');
    // The token is stored hashed only.
    const rows = await world.testApp.container.models.Invitation.findAll({ where: { email: 'dora@example.com' } });
    expect(rows.map((row) => row.tokenHash)).not.to.include(tokenOf(link));

    const form = await new WebClient(world.testApp).get(link).expect(200);
    expect(form.text).to.include('You are invited as dora@example.com');
    expect(form.text).to.include('value="Dora Explorer"');
    const { client, response } = await accept(link, 'dora');
    expect(response.status).to.equal(302);
    const home = await client.get('/').expect(200);
    expect(home.text).to.include('Hello, Dora Explorer');
    const dora = await world.testApp.container.users.findByUsername('dora');
    expect(dora?.email).to.equal('dora@example.com');
    expect(dora?.source).to.equal('local');
    expect(dora?.isAdmin).to.equal(false);

    // Used: the link now says so, and creates nobody else.
    const reused = await new WebClient(world.testApp).get(link);
    expect(reused.status).to.equal(410);
    expect(reused.text).to.include('already used');
    const second = await accept(link, 'dora2');
    expect(second.response.status).to.equal(410);
    expect(await world.testApp.container.users.findByUsername('dora2')).to.equal(null);
    expect((await admin.get('/admin/users')).text).not.to.match(/data-testid="invitation-dora@example.com"/);

    const actions = (await world.testApp.container.auditEvents.search({ action: 'invitation.', limit: 10 })).map((entry) => entry.action);
    expect(actions).to.include.members(['invitation.created', 'invitation.accepted']);
  });

  it('an invitation as administrator makes an administrator', async () => {
    await invite('erin@example.com', { isAdmin: 'on' });
    const [mail] = await mailsTo(world.receiver, 'erin@example.com');
    await accept(linkIn(mail!, '/invite'), 'erin');
    expect((await world.testApp.container.users.findByUsername('erin'))?.isAdmin).to.equal(true);
  });

  it('re-sending mails a new link and voids the old one; revoking voids the link', async () => {
    await invite('fay@example.com');
    const [first] = await mailsTo(world.receiver, 'fay@example.com');
    const invitation = await world.testApp.container.models.Invitation.findOne({ where: { email: 'fay@example.com' } });
    const resent = await admin.submit('/admin/users', `/admin/invitations/${invitation!.id}/resend`, {});
    expect(resent.headers.location).to.equal('/admin/users?done=inviteResent&name=fay%40example.com');
    const mails = await mailsTo(world.receiver, 'fay@example.com', 2);
    const oldLink = linkIn(first!, '/invite');
    const newLink = linkIn(mails[1]!, '/invite');
    expect(newLink).not.to.equal(oldLink);
    expect((await new WebClient(world.testApp).get(oldLink)).status).to.equal(404);
    expect((await accept(oldLink, 'fay-old')).response.status).to.equal(404);
    await new WebClient(world.testApp).get(newLink).expect(200);

    const revoked = await admin.submit('/admin/users', `/admin/invitations/${invitation!.id}/revoke`, {});
    expect(revoked.headers.location).to.equal('/admin/users?done=inviteRevoked&name=fay%40example.com');
    const page = await new WebClient(world.testApp).get(newLink);
    expect(page.status).to.equal(410);
    expect(page.text).to.include('withdrawn');
    expect((await accept(newLink, 'fay')).response.status).to.equal(410);
    expect(await world.testApp.container.users.findByUsername('fay')).to.equal(null);
    const actions = (await world.testApp.container.auditEvents.search({ action: 'invitation.', limit: 20 })).map((entry) => entry.action);
    expect(actions).to.include.members(['invitation.resent', 'invitation.revoked']);
  });

  it('an expired link creates nobody and says it expired', async () => {
    await invite('gus@example.com');
    const [mail] = await mailsTo(world.receiver, 'gus@example.com');
    await world.testApp.container.models.Invitation.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { email: 'gus@example.com' } });
    const link = linkIn(mail!, '/invite');
    const page = await new WebClient(world.testApp).get(link);
    expect(page.status).to.equal(410);
    expect(page.text).to.include('expired');
    expect((await accept(link, 'gus')).response.status).to.equal(410);
    expect(await world.testApp.container.users.findByUsername('gus')).to.equal(null);
    expect((await admin.get('/admin/users')).text).to.match(/data-testid="invitation-gus@example.com"/);
  });

  it('refuses a bad address, an address already in use and a second open invitation, naming the field', async () => {
    const bad = await invite('not an address');
    expect(bad.status).to.equal(422);
    expect(bad.text).to.match(/id="invite-email-error"[^>]*>Enter a mail address/);
    await world.testApp.container.models.User.update({ email: 'bob@example.com' }, { where: { username: MEMBER.username } });
    const taken = await invite('bob@example.com');
    expect(taken.status).to.equal(422);
    expect(taken.text).to.match(/id="invite-email-error"[^>]*>An account or an open invitation already uses this address/);
    await invite('hal@example.com');
    const twice = await invite('HAL@example.com');
    expect(twice.status).to.equal(422);
    expect(await world.testApp.container.models.Invitation.count({ where: { email: 'hal@example.com' } })).to.equal(1);
  });

  it('the invitee gets the same field checks as any account', async () => {
    await invite('ivy@example.com');
    const [mail] = await mailsTo(world.receiver, 'ivy@example.com');
    const link = linkIn(mail!, '/invite');
    const client = new WebClient(world.testApp);
    const taken = await client.submit(link, '/invite', { token: tokenOf(link), username: MEMBER.username, password: 'invited long password', passwordConfirmation: 'invited long password' });
    expect(taken.status).to.equal(422);
    expect(taken.text).to.match(/id="username-error"[^>]*>This user name is taken/);
    const short = await client.submit(link, '/invite', { token: tokenOf(link), username: 'ivy', password: 'short', passwordConfirmation: 'short' });
    expect(short.status).to.equal(422);
    expect(short.text).to.match(/id="password-error"/);
    // Refusals did not spend the invitation.
    expect((await accept(link, 'ivy')).response.status).to.equal(302);
  });

  it('is refused while the sign-up policy allows directory accounts only', async () => {
    await world.testApp.container.instanceSettings.update({ signUpPolicy: 'directory' }, null);
    try {
      const refused = await invite('jo@example.com');
      expect(refused.status).to.equal(422);
      expect(refused.text).to.match(/id="invite-email-error"[^>]*>The sign-up policy allows directory accounts only/);
      expect(await world.testApp.container.models.Invitation.count({ where: { email: 'jo@example.com' } })).to.equal(0);
    } finally {
      await world.testApp.container.instanceSettings.update({ signUpPolicy: 'admin-only' }, null);
    }
  });

  it('refuses members (403) and forms without a CSRF token, and invites nobody', async () => {
    const member = new WebClient(world.testApp);
    await member.signIn(MEMBER.username, MEMBER.password);
    const byMember = await member.submit('/', '/admin/invitations', { email: 'sneaky@example.com' });
    expect(byMember.status).to.equal(403);
    const invitation = await world.testApp.container.models.Invitation.findOne();
    expect((await member.submit('/', `/admin/invitations/${invitation!.id}/revoke`, {})).status).to.equal(403);
    expect((await member.submit('/', `/admin/invitations/${invitation!.id}/resend`, {})).status).to.equal(403);
    const noCsrf = await admin.agent.post('/admin/invitations').type('form').send({ email: 'sneaky@example.com' });
    expect(noCsrf.status).to.equal(403);
    expect(await world.testApp.container.models.Invitation.count({ where: { email: 'sneaky@example.com' } })).to.equal(0);
    expect(world.receiver.to('sneaky@example.com')).to.deep.equal([]);
    const anonymous = await new WebClient(world.testApp).get('/admin/users');
    expect(anonymous.status).to.equal(302);
  });

  it('an invitation form posted without CSRF on the invitee side is refused', async () => {
    const response = await new WebClient(world.testApp).agent.post('/invite').type('form').send({ token: 'x', username: 'nobody', password: 'long enough password', passwordConfirmation: 'long enough password' });
    expect(response.status).to.equal(403);
  });
});

describe('invitations without mail', () => {
  it('the page says mail is off and a posted invitation is refused naming smtp.host', async () => {
    const testApp = await startTestApp();
    try {
      await seedPeople(testApp);
      const admin = new WebClient(testApp);
      await admin.signIn(ADMIN.username, ADMIN.password);
      const page = await admin.get('/admin/users').expect(200);
      expect(page.text).to.include('data-testid="invitations-mail-off"');
      expect(page.text).not.to.include('Send reset link');
      const refused = await admin.submit('/admin/users', '/admin/invitations', { email: 'someone@example.com' });
      expect(refused.status).to.equal(422);
      expect(refused.text).to.include('WARBLE_SMTP_HOST');
      expect(await testApp.container.models.Invitation.count()).to.equal(0);
      const login = await new WebClient(testApp).get('/login');
      expect(login.text).not.to.include('/password/forgot');
    } finally {
      await testApp.close();
    }
  });
});
