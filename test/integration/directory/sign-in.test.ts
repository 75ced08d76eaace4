import { expect } from 'chai';
import { sameDn } from '../../../server/auth/ldap/ldap-dn.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import { captureLog, type CapturedLog } from '../../helpers/log-capture.js';
import { ldapEnv } from '../../helpers/directory-app.js';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { boundDnsSince } from '../ldap/support.js';

const formError = (html: string) => /class="form-error"[^>]*>([^<]+)</.exec(html)?.[1];

describe('directory sign-in on the web page (real slapd)', function () {
  let slapd: SlapdHandle;
  let testApp: TestApp;
  let log: CapturedLog;

  before(async function () {
    slapd = await startSlapd();
    log = captureLog();
    testApp = await startTestApp(ldapEnv(slapd), { logger: log.logger });
  });

  after(async function () {
    await testApp?.close();
    await slapd?.close();
  });

  it('signs in by uid and creates a directory account with the mapped profile', async function () {
    const alice = slapd.users.alice;
    const response = await new WebClient(testApp).signIn('alice', alice.password);
    expect(response.status, response.text).to.equal(302);
    expect(response.headers.location).to.equal('/');
    const user = await testApp.container.users.findByUsername('alice');
    expect(user).to.not.equal(null);
    expect(user!.source).to.equal('ldap');
    expect(user!.passwordHash).to.equal(null);
    expect(sameDn(user!.directoryDn ?? '', alice.dn)).to.equal(true);
    expect(user!.get({ plain: true })).to.include({
      displayName: 'Alice Martin',
      email: alice.mail,
      title: alice.title,
      department: alice.department,
      phone: alice.phone,
      isAdmin: true,
    });
    expect(user!.photoEtag).to.be.a('string');
    expect(user!.lastSignInAt).to.be.instanceOf(Date);
  });

  it('signs in by mail, and records the manager by user name', async function () {
    const bob = slapd.users.bob;
    const client = new WebClient(testApp);
    expect((await client.signIn(bob.mail.toUpperCase(), bob.password)).status).to.equal(302);
    await client.get('/').expect(200);
    const user = await testApp.container.users.findByUsername('bob');
    expect(user!.manager).to.equal('alice');
    expect(user!.isAdmin).to.equal(false);
  });

  it('signs in a person whose DN has an escaped comma', async function () {
    const response = await new WebClient(testApp).signIn('jsmith', slapd.users.jsmith.password);
    expect(response.status).to.equal(302);
    const user = await testApp.container.users.findByUsername('jsmith');
    expect(sameDn(user!.directoryDn ?? '', slapd.users.jsmith.dn)).to.equal(true);
  });

  it('signs in with an accented password and keeps accented names intact', async function () {
    const zoe = slapd.users.zoe;
    expect((await new WebClient(testApp).signIn('zangstrom', zoe.password)).status).to.equal(302);
    const user = await testApp.container.users.findByUsername('zangstrom');
    expect(user!.displayName).to.equal('Zoë Ångström');
    expect(user!.title).to.equal('Directrice Générale');
  });

  it('mirrors the person\'s directory groups at sign-in', async function () {
    const alice = await testApp.container.users.findByUsername('alice');
    // As Alice herself sees them (the listing asks who is looking).
    const groups = await testApp.container.groups.listForMember(alice!.id, await loadViewerContext(testApp.container.models, alice!));
    expect(groups.map((group) => group.name)).to.deep.equal(['engineering', 'warble-admins', 'warble-users']);
    expect(groups.every((group) => group.source === 'ldap' && group.role === 'member')).to.equal(true);
  });

  it('gives wrong password, unknown user and outside-the-filter the same answer, with distinct reasons in the log', async function () {
    const attempts = [
      { login: 'bob', password: 'not-bobs-password', reason: 'wrong-password' },
      { login: 'nobody-here', password: 'whatever-Pa55', reason: 'unknown-user' },
      { login: 'ccontractor', password: slapd.users.carl.password, reason: 'excluded' },
    ];
    const answers: Array<{ status: number; message: string | undefined }> = [];
    for (const attempt of attempts) {
      const mark = log.mark();
      const response = await new WebClient(testApp).signIn(attempt.login, attempt.password);
      answers.push({ status: response.status, message: formError(response.text) });
      const failure = log.since(mark).find((line) => line.event === 'sign-in.failed');
      expect(failure, `log for ${attempt.login}`).to.include({ reason: attempt.reason, login: attempt.login });
    }
    expect(answers[0]).to.deep.equal({ status: 401, message: 'Wrong user name or password.' });
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[2]).to.deep.equal(answers[0]);
    expect(await testApp.container.users.findByUsername('ccontractor')).to.equal(null);
  });

  it('never binds with an empty password', async function () {
    const mark = slapd.logMark();
    const response = await new WebClient(testApp).signIn('alice', '');
    expect(response.status).to.equal(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(boundDnsSince(slapd, mark).filter((dn) => dn.includes('alice'))).to.deep.equal([]);
  });

  it('refuses filter injection through the sign-in form without matching anyone', async function () {
    const alicePassword = slapd.users.alice.password;
    const before = await testApp.container.users.count();
    for (const login of ['*', 'ali*', 'alice)(uid=*', '*)(|(uid=*', 'alice)(|(objectClass=*', '(uid=alice)']) {
      const mark = log.mark();
      const response = await new WebClient(testApp).signIn(login, alicePassword);
      expect(response.status, login).to.equal(401);
      expect(formError(response.text)).to.equal('Wrong user name or password.');
      expect(log.since(mark).find((line) => line.event === 'sign-in.failed')).to.have.property('reason', 'unknown-user');
    }
    // A NUL never reaches the directory: the text-input rule (docs/api.md) refuses it at the door, naming the field.
    const nul = new WebClient(testApp);
    const refused = await nul.signIn('alice\u0000', alicePassword);
    expect(refused.status).to.equal(422);
    expect(refused.text).to.match(/control character/i);
    expect((await nul.get('/settings')).status).to.equal(302);
    expect(await testApp.container.users.count()).to.equal(before);
  });

  it('lets a local account keep its name: the directory person with the same name cannot take it over', async function () {
    await testApp.container.localUsers.create({ username: 'emuller', password: 'local emuller password' });
    const directory = await new WebClient(testApp).signIn('emuller', slapd.users.elodie.password);
    expect(directory.status).to.equal(401);
    // By mail the local authenticator does not know her, so the directory is asked, and refuses the name clash.
    const mark = log.mark();
    const byMail = await new WebClient(testApp).signIn(slapd.users.elodie.mail, slapd.users.elodie.password);
    expect(byMail.status).to.equal(401);
    expect(log.since(mark).find((line) => line.event === 'sign-in.failed')).to.have.property('reason', 'excluded');
    expect((await new WebClient(testApp).signIn('emuller', 'local emuller password')).status).to.equal(302);
    expect((await testApp.container.users.findByUsername('emuller'))!.source).to.equal('local');
  });

  it('grants and withdraws administrator rights with the admin group', async function () {
    const groupDn = slapd.groups.warbleAdmins.dn;
    await slapd.modify(groupDn, [{ operation: 'add', attribute: 'member', values: [slapd.users.bob.dn] }]);
    await new WebClient(testApp).signIn('bob', slapd.users.bob.password);
    expect((await testApp.container.users.findByUsername('bob'))!.isAdmin).to.equal(true);
    await slapd.modify(groupDn, [{ operation: 'delete', attribute: 'member', values: [slapd.users.bob.dn] }]);
    await new WebClient(testApp).signIn('bob', slapd.users.bob.password);
    expect((await testApp.container.users.findByUsername('bob'))!.isAdmin).to.equal(false);
  });
});

describe('directory sign-in over StartTLS and with posixGroup groups (real slapd)', function () {
  let slapd: SlapdHandle;

  before(async function () {
    slapd = await startSlapd();
  });

  after(async function () {
    await slapd?.close();
  });

  it('signs in over StartTLS verified with the generated CA', async function () {
    const testApp = await startTestApp(ldapEnv(slapd, { WARBLE_LDAP_START_TLS: 'true', WARBLE_LDAP_CA_FILE: slapd.caFile }));
    try {
      const mark = slapd.logMark();
      expect((await new WebClient(testApp).signIn('bob', slapd.users.bob.password)).status).to.equal(302);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(slapd.logSince(mark)).to.include('TLS established');
    } finally {
      await testApp.close();
    }
  });

  it('mirrors posixGroup groups (memberUid) with the members who may sign in', async function () {
    const testApp = await startTestApp(
      ldapEnv(slapd, { WARBLE_LDAP_GROUP_FILTER: '(objectClass=posixGroup)', WARBLE_LDAP_GROUP_MEMBER_ATTRIBUTE: 'memberUid' }),
    );
    try {
      const report = await testApp.container.directory!.sync.run('admin');
      expect(report.status, report.error ?? '').to.equal('succeeded');
      const { groups, users } = testApp.container;
      const developers = (await testApp.container.models.Group.findOne({ where: { name: 'developers' } }))!;
      const members = await Promise.all((await groups.memberIds(developers.id)).map((id) => users.findById(id)));
      // carl is in the group but outside the user filter, so he is not a member in Warble.
      expect(members.map((user) => user!.username).sort()).to.deep.equal(['bob', 'jsmith']);
      expect(developers.get({ plain: true })).to.include({ source: 'ldap', visibility: 'public', slug: 'developers' });
    } finally {
      await testApp.close();
    }
  });
});
