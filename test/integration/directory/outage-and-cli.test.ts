import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import supertest from 'supertest';
import { ldapEnv } from '../../helpers/directory-app.js';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { runWarble } from '../../helpers/warble-process.js';
import { WebClient } from '../../helpers/web-client.js';

const formError = (html: string) => /class="form-error"[^>]*>([^<]+)</.exec(html)?.[1];

describe('directory outage (real slapd, stopped mid-suite)', function () {
  let slapd: SlapdHandle;
  let testApp: TestApp;

  before(async function () {
    slapd = await startSlapd();
    testApp = await startTestApp(ldapEnv(slapd));
    await testApp.container.localUsers.create({ username: 'breakglass', password: 'break glass password', isAdmin: true });
    expect((await new WebClient(testApp).signIn('bob', slapd.users.bob.password)).status).to.equal(302);
    await slapd.stop();
  });

  after(async function () {
    await testApp?.close();
    await slapd?.close();
  });

  it('tells directory people the directory cannot be reached (503)', async function () {
    const response = await new WebClient(testApp).signIn('bob', slapd.users.bob.password);
    expect(response.status).to.equal(503);
    expect(formError(response.text)).to.equal('The company directory cannot be reached. Try again in a few minutes.');
  });

  it('still signs in a local break-glass administrator', async function () {
    const client = new WebClient(testApp);
    expect((await client.signIn('breakglass', 'break glass password')).status).to.equal(302);
    await client.get('/admin/users').expect(200);
  });

  it('keeps /healthz up', async function () {
    await supertest(testApp.callback).get('/healthz').expect(200);
  });

  it('a sync during the outage deactivates nobody', async function () {
    const report = await testApp.container.directory!.sync.run('admin');
    expect(report.status).to.equal('failed');
    expect((await testApp.container.users.findByUsername('bob'))!.deactivatedAt).to.equal(null);
  });
});

describe('`warble ldap test` and `warble config check` with directory settings', function () {
  this.timeout(60_000);
  let slapd: SlapdHandle;

  before(async function () {
    slapd = await startSlapd();
  });

  after(async function () {
    await slapd?.close();
  });

  it('`ldap test` connects, binds and reports what it found', async function () {
    const result = await runWarble(['ldap', 'test'], { ...ldapEnv(slapd), WARBLE_DATA_DIR: slapd.dir }, slapd.dir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('directory connection OK');
    expect(result.stdout).to.include(`server:     ${slapd.url}`);
    expect(result.stdout).to.include('bind:       ok');
    expect(result.stdout).to.match(/people:\s+6 matching/);
    expect(result.stdout).to.include('alice  Alice Martin  <alice.martin@example.com>');
  });

  it('`ldap test` explains a wrong service password and exits non-zero', async function () {
    const env = { ...ldapEnv(slapd, { WARBLE_LDAP_BIND_PASSWORD: 'wrong' }), WARBLE_DATA_DIR: slapd.dir };
    const result = await runWarble(['ldap', 'test'], env, slapd.dir);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('directory connection FAILED').and.include('bind:       failed');
  });

  it('`config check` validates the ldap settings and names the key at fault', async function () {
    const good = await runWarble(['config', 'check'], { ...ldapEnv(slapd), WARBLE_DATA_DIR: slapd.dir }, slapd.dir);
    expect(good.code, good.stderr).to.equal(0);
    expect(good.stdout).to.include(`directory: LDAP enabled (openldap, ${slapd.url})`);

    const missingCa = await runWarble(
      ['config', 'check'],
      { ...ldapEnv(slapd, { WARBLE_LDAP_CA_FILE: path.join(slapd.dir, 'missing.pem') }), WARBLE_DATA_DIR: slapd.dir },
      slapd.dir,
    );
    expect(missingCa.code).to.equal(78);
    expect(missingCa.stderr).to.include('ldap.caFile').and.include('ENOENT');

    const badFilter = await runWarble(
      ['config', 'check'],
      { ...ldapEnv(slapd, { WARBLE_LDAP_USER_FILTER: '(&(objectClass=person)(uid=' }), WARBLE_DATA_DIR: slapd.dir },
      slapd.dir,
    );
    expect(badFilter.code).to.equal(78);
    expect(badFilter.stderr).to.include('ldap.userFilter');
  });

  it('`ldap sync` (like serve) refuses to start with an empty bind password file, naming the key', async function () {
    const file = path.join(slapd.dir, 'empty-password');
    await writeFile(file, '');
    const env = { ...ldapEnv(slapd, { WARBLE_LDAP_BIND_PASSWORD: '', WARBLE_LDAP_BIND_PASSWORD_FILE: file }), WARBLE_DATA_DIR: slapd.dir };
    const result = await runWarble(['ldap', 'sync'], env, slapd.dir);
    expect(result.code).to.equal(78);
    expect(result.stderr).to.include('ldap.bindPasswordFile');
  });
});
