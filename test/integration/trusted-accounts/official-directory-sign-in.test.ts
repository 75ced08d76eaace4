import { expect } from 'chai';
import { ldapEnv } from '../../helpers/directory-app.js';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { ADMIN, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

describe('official accounts and directory sign-in (real slapd)', function () {
  this.timeout(60_000);
  let slapd: SlapdHandle;
  let testApp: TestApp;

  before(async () => {
    slapd = await startSlapd();
    testApp = await startTestApp(ldapEnv(slapd));
  });
  after(async () => {
    await testApp?.close();
    await slapd?.close();
  });

  it('a directory account marked official is refused although the directory accepts its password', async () => {
    const bob = slapd.users.bob;
    expect((await new WebClient(testApp).signIn(bob.uid, bob.password)).status).to.equal(302);
    const admin = await testApp.container.localUsers.create({ ...ADMIN, isAdmin: true });
    const account = await testApp.container.officialAccounts.markOfficial({ id: admin.id, username: admin.username, isAdmin: true }, bob.uid);
    expect(account.isOfficial).to.equal(true);

    expect((await new WebClient(testApp).signIn(bob.uid, bob.password)).status).to.equal(401);
    const failures = await testApp.container.models.AuditEvent.findAll({ where: { action: 'sign-in.failed' } });
    expect(failures.map((entry) => (JSON.parse(entry.detail) as { reason?: string }).reason)).to.include('official-account');
  });
});
