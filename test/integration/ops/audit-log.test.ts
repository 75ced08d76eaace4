import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { passwordToken, registerApp } from '../../helpers/oauth.js';
import { WebClient } from '../../helpers/web-client.js';
import { runWarble } from '../../helpers/warble-process.js';

describe('audit log', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
  });
  after(() => testApp.close());

  const entries = (action: string) => testApp.container.auditEvents.search({ action, limit: 100 });

  it('records sign-ins, successful and failed, with the address and (for IT only) the reason', async () => {
    await new WebClient(testApp).signIn(MEMBER.username, 'not the password');
    await new WebClient(testApp).signIn(MEMBER.username, MEMBER.password);
    const failed = await entries('sign-in.failed');
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ actorLabel: MEMBER.username, address: '127.0.0.1' });
    expect(JSON.parse(failed[0]!.detail)).to.deep.equal({ reason: 'wrong-password' });
    const succeeded = await entries('sign-in.succeeded');
    expect(succeeded.map((entry) => entry.actorLabel)).to.include(MEMBER.username);
  });

  it('records an account added by an administrator, naming the administrator', async () => {
    const admin = new WebClient(testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
    const added = await admin.submit('/admin/users', '/admin/users', { username: 'newcomer', password: 'newcomer long password' });
    expect(added.status).to.equal(302);
    const [created] = await entries('user.created');
    expect(created).to.include({ actorLabel: ADMIN.username, targetType: 'user' });
    expect(JSON.parse(created!.detail)).to.include({ username: 'newcomer', via: 'admin page' });
  });

  it('records every token created, never its value', async () => {
    const app = await registerApp(testApp);
    const token = await passwordToken(testApp, app, MEMBER.username, MEMBER.password);
    const [issued] = await entries('token.created');
    expect(issued).to.include({ targetType: 'token' });
    expect(JSON.stringify(issued)).not.to.include(token);
  });

  it('`warble audit` exports JSON lines and CSV, filtered by action prefix', async () => {
    const env = { WARBLE_DATA_DIR: testApp.database.dataDir, WARBLE_DATABASE_URL: testApp.database.url };
    const jsonl = await runWarble(['audit', '--action', 'sign-in.'], env, testApp.database.dataDir);
    expect(jsonl.code, jsonl.stderr).to.equal(0);
    const rows = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as { action: string; at: string });
    expect(rows.length).to.be.greaterThan(1);
    expect(rows.every((row) => row.action.startsWith('sign-in.'))).to.equal(true);
    expect(rows[0]!.at).to.match(/\.\d{3}Z$/);
    const csv = await runWarble(['audit', '--format', 'csv', '--action', 'sign-in.failed'], env, testApp.database.dataDir);
    expect(csv.code, csv.stderr).to.equal(0);
    const records = parseCsv(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(records).to.have.length(1);
    expect(JSON.parse(records[0]!.detail!)).to.deep.equal({ reason: 'wrong-password' });
    const bad = await runWarble(['audit', '--from', 'yesterday-ish'], env, testApp.database.dataDir);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('--from');
  });

  it('retention forgets only what is older than the period', async () => {
    const old = await testApp.container.auditEvents.append({ actorId: null, actorLabel: 'test', action: 'settings.changed' });
    await testApp.container.models.AuditEvent.update({ createdAt: new Date('2000-01-01') }, { where: { id: old.id } });
    const purged = await testApp.container.auditEvents.purgeOlderThan(new Date('2001-01-01'));
    expect(purged).to.equal(1);
    expect((await entries('sign-in.succeeded')).length).to.be.greaterThan(0);
  });
});
