import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { ldapEnv } from '../../helpers/directory-app.js';
import { passwordToken, registerApp } from '../../helpers/oauth.js';
import { personEntry, startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { runWarble } from '../../helpers/warble-process.js';
import { WebClient } from '../../helpers/web-client.js';

describe('directory sync (real slapd)', function () {
  this.timeout(60_000);
  let slapd: SlapdHandle;
  let testApp: TestApp;

  const sync = () => testApp.container.directory!.sync.run('admin');
  const user = (username: string) => testApp.container.users.findByUsername(username);
  const membersOf = async (name: string) => {
    const group = await testApp.container.models.Group.findOne({ where: { name } });
    if (!group) return null;
    const ids = await testApp.container.groups.memberIds(group.id);
    const users = await Promise.all(ids.map((id) => testApp.container.users.findById(id)));
    return users.map((member) => member!.username).sort();
  };

  before(async function () {
    slapd = await startSlapd();
    testApp = await startTestApp(ldapEnv(slapd));
  });

  after(async function () {
    await testApp?.close();
    await slapd?.close();
  });

  it('adds everyone matching the user filter, with profiles, admins and groups', async function () {
    const report = await sync();
    expect(report).to.include({ status: 'succeeded', added: 6, updated: 0, deactivated: 0, reactivated: 0 });
    expect(report.groups).to.equal(4); // the groupOfNames groups: warble-users, warble-admins, engineering, Direction Générale
    expect(await user('ccontractor')).to.equal(null);
    expect((await user('alice'))!.isAdmin).to.equal(true);
    expect((await user('bob'))!.isAdmin).to.equal(false);
    expect((await user('emuller'))!.manager).to.equal('zangstrom');
    expect(await membersOf('engineering')).to.deep.equal(['alice', 'bob', 'jsmith']);
    expect(await membersOf('Direction Générale')).to.deep.equal(['emuller', 'zangstrom']);
    const direction = await testApp.container.models.Group.findOne({ where: { name: 'Direction Générale' } });
    expect(direction!.get({ plain: true })).to.include({ slug: 'direction-generale', visibility: 'public', source: 'ldap' });
    const runs = await testApp.container.syncRuns.recent(1);
    expect(runs[0]!.get({ plain: true })).to.include({ status: 'succeeded', trigger: 'admin', added: 6 });
  });

  it('a second sync with no directory change changes nothing', async function () {
    expect(await sync()).to.include({ status: 'succeeded', added: 0, updated: 0, deactivated: 0, reactivated: 0 });
  });

  it('refreshes profiles and group members after directory changes', async function () {
    await slapd.modify(slapd.users.bob.dn, [{ operation: 'replace', attribute: 'title', values: ['Staff Engineer'] }]);
    await slapd.modify(slapd.groups.engineering.dn, [{ operation: 'delete', attribute: 'member', values: [slapd.users.jsmith.dn] }]);
    await slapd.modify(slapd.groups.warbleAdmins.dn, [{ operation: 'add', attribute: 'member', values: [slapd.users.bob.dn] }]);
    const report = await sync();
    expect(report).to.include({ status: 'succeeded', updated: 1 });
    expect((await user('bob'))!.title).to.equal('Staff Engineer');
    expect((await user('bob'))!.isAdmin).to.equal(true);
    expect(await membersOf('engineering')).to.deep.equal(['alice', 'bob']);
    await slapd.modify(slapd.groups.warbleAdmins.dn, [{ operation: 'delete', attribute: 'member', values: [slapd.users.bob.dn] }]);
    await sync();
    expect((await user('bob'))!.isAdmin, 'admin rights withdrawn with the group').to.equal(false);
  });

  it('deactivates a person removed from the directory and ends their open session at once', async function () {
    const dana = slapd.users.dana;
    const client = new WebClient(testApp);
    expect((await client.signIn('dleaver', dana.password)).status).to.equal(302);
    await client.get('/').expect(200);
    const app = await registerApp(testApp);
    const token = await passwordToken(testApp, app, 'dleaver', dana.password);
    await ApiClient.withToken(testApp, token).get('/api/v1/accounts/verify_credentials').expect(200);

    await slapd.modify(slapd.groups.warbleUsers.dn, [{ operation: 'delete', attribute: 'member', values: [dana.dn] }]);
    await slapd.modify(slapd.groups.staff.dn, [{ operation: 'delete', attribute: 'memberUid', values: [dana.uid] }]);
    await slapd.deleteEntry(dana.dn);
    const report = await sync();
    expect(report).to.include({ status: 'succeeded', deactivated: 1 });

    const account = await user('dleaver');
    expect(account!.deactivatedAt).to.be.instanceOf(Date);
    expect(await testApp.container.models.Session.count({ where: { userId: account!.id } })).to.equal(0);
    const after = await client.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
    expect((await new WebClient(testApp).signIn('dleaver', dana.password)).status).to.equal(401);
    expect(await testApp.container.models.AccessToken.count({ where: { userId: account!.id, revokedAt: null } })).to.equal(0);
    await ApiClient.withToken(testApp, token).get('/api/v1/accounts/verify_credentials').expect(401);
  });

  it('reactivates a person who comes back', async function () {
    const dana = slapd.users.dana;
    await slapd.addEntry(dana.dn, personEntry(dana).attributes);
    await slapd.modify(slapd.groups.warbleUsers.dn, [{ operation: 'add', attribute: 'member', values: [dana.dn] }]);
    expect(await sync()).to.include({ status: 'succeeded', reactivated: 1, deactivated: 0 });
    expect((await user('dleaver'))!.deactivatedAt).to.equal(null);
  });

  it('`warble ldap sync` deactivates someone who no longer matches the user filter', async function () {
    await slapd.modify(slapd.groups.warbleUsers.dn, [{ operation: 'delete', attribute: 'member', values: [slapd.users.jsmith.dn] }]);
    const env = { ...ldapEnv(slapd), WARBLE_DATA_DIR: testApp.database.dataDir, WARBLE_DATABASE_URL: testApp.database.url };
    const result = await runWarble(['ldap', 'sync'], env, testApp.database.dataDir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('directory sync finished').and.match(/deactivated: 1\b/);
    expect((await user('jsmith'))!.deactivatedAt).to.be.instanceOf(Date);
    const runs = await testApp.container.syncRuns.recent(1);
    expect(runs[0]!.trigger).to.equal('cli');
  });

  it('an outage during sync deactivates nobody and records the failure', async function () {
    const activeBefore = await testApp.container.models.User.count({ where: { deactivatedAt: null } });
    await slapd.stop();
    try {
      const report = await sync();
      expect(report.status).to.equal('failed');
      expect(report.deactivated).to.equal(0);
      expect(report.error).to.match(/unavailable|ECONNREFUSED/i);
    } finally {
      await slapd.restart();
    }
    expect(await testApp.container.models.User.count({ where: { deactivatedAt: null } })).to.equal(activeBefore);
    expect((await testApp.container.syncRuns.recent(1))[0]!.status).to.equal('failed');
  });

  it('refuses to deactivate everyone when the directory suddenly returns nobody', async function () {
    const app = await startTestApp(ldapEnv(slapd, { WARBLE_LDAP_USER_FILTER: '(uid=nobody-matches-this)' }), {});
    try {
      // Same database as the main app would be ideal; here a fresh one seeded by a first, normal sync.
      const seeded = await startTestApp(ldapEnv(slapd, {
        WARBLE_DATA_DIR: app.database.dataDir,
        WARBLE_DATABASE_URL: app.database.url,
      }));
      expect((await seeded.container.directory!.sync.run('admin')).status).to.equal('succeeded');
      await seeded.close();
      const report = await app.container.directory!.sync.run('admin');
      expect(report.status).to.equal('failed');
      expect(report.error).to.include('refusing to deactivate');
      expect(await app.container.models.User.count({ where: { deactivatedAt: null } })).to.be.greaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('lets only one sync run at a time', async function () {
    const [first, second] = await Promise.all([sync(), sync()]);
    expect([first.status, second.status].sort()).to.deep.equal(['skipped', 'succeeded']);
  });
});
