/**
 * Announcements over the API: who may publish, who sees what, acknowledging,
 * the sender's figures and CSV, and every refusal.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { newId } from '../../../server/domain/ids.js';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { announcementWorld, type AnnouncementWorld, type Colleague } from './announcement-world.js';

describe('announcements API', function () {
  this.timeout(20_000);
  let testApp: TestApp;
  let world: AnnouncementWorld;
  const as = (who: Colleague) => ApiClient.withToken(testApp, who.token);
  const publish = (who: Colleague, body: object) => as(who).post('/api/v1/announcements', body);
  const pendingIds = async (who: Colleague) => {
    const response = await as(who).get('/api/v1/announcements').expect(200);
    return (response.body as Array<{ id: string }>).map((entry) => entry.id);
  };

  before(async () => {
    testApp = await startTestApp();
    world = await announcementWorld(testApp.container);
  });
  after(async () => testApp?.close());

  it('an announcement to one group reaches its members only, in Mastodon\'s shape', async () => {
    const created = await publish(world.hr, { text: 'Sales kick-off on Monday #sales', group_ids: [world.salesId] }).expect(200);
    const id = created.body.id as string;
    expect(created.body).to.include({ all_day: false, read: false, ends_at: null });
    expect(created.body.content).to.contain('Sales kick-off on Monday');
    expect(created.body.published_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const list of ['mentions', 'statuses', 'tags', 'emojis', 'reactions']) expect(created.body[list]).to.deep.equal([]);

    expect(await pendingIds(world.bob)).to.include(id);
    expect(await pendingIds(world.carol)).to.include(id);
    expect(await pendingIds(world.eve)).to.not.include(id);
    // Not even the administrator, who is not in the private group.
    expect(await pendingIds(world.admin)).to.not.include(id);
    await as(world.eve).post(`/api/v1/announcements/${id}/dismiss`).expect(404);
  });

  it('escapes the text: markup typed in an announcement stays text', async () => {
    const created = await publish(world.hr, { text: '<script>alert(1)</script> read https://intranet.example/policy' }).expect(200);
    expect(created.body.content).to.not.contain('<script>');
    expect(created.body.content).to.contain('&lt;script&gt;');
    expect(created.body.content).to.contain('href="https://intranet.example/policy"');
    await as(world.hr).delete(`/api/v1/announcements/${created.body.id}`).expect(200);
  });

  it('acknowledging hides it for that person only, and is idempotent', async () => {
    const id = (await publish(world.hr, { text: 'New expense policy', group_ids: [world.salesId] }).expect(200)).body.id as string;
    await as(world.bob).post(`/api/v1/announcements/${id}/dismiss`).expect(200, {});
    await as(world.bob).post(`/api/v1/announcements/${id}/dismiss`).expect(200, {});
    expect(await pendingIds(world.bob)).to.not.include(id);
    expect(await pendingIds(world.carol)).to.include(id);
    const withDismissed = await as(world.bob).get('/api/v1/announcements?with_dismissed=true').expect(200);
    expect((withDismissed.body as Array<{ id: string; read: boolean }>).find((entry) => entry.id === id)?.read).to.equal(true);
  });

  it('counts delivered, seen and acknowledged, and the CSV lists exactly who has not acknowledged', async () => {
    const id = (await publish(world.hr, { text: 'Fire drill at 3 pm', group_ids: [world.salesId] }).expect(200)).body.id as string;
    // Audience: hanna (owner), bob, carol. Bob reads and acknowledges, carol only reads.
    await pendingIds(world.bob);
    await as(world.bob).post(`/api/v1/announcements/${id}/dismiss`).expect(200);
    await pendingIds(world.carol);
    const stats = await as(world.hr).get(`/api/v1/announcements/${id}/stats`).expect(200);
    expect(stats.body).to.include({ delivered: 3, seen: 2, acknowledged: 1, not_acknowledged_count: 2 });
    expect((stats.body.not_acknowledged as Array<{ username: string }>).map((person) => person.username).sort()).to.deep.equal(['carol', 'hanna']);

    for (const path of [`/api/v1/announcements/${id}/stats?format=csv`, `/api/v1/announcements/${id}/stats.csv`]) {
      const csv = await as(world.hr).get(path).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      }).expect(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      const rows = parse(csv.body as string, { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => row.username).sort()).to.deep.equal(['carol', 'hanna']);
      expect(rows.find((row) => row.username === 'carol')?.seen_at).to.match(/^\d{4}-/);
      expect(rows.find((row) => row.username === 'hanna')?.seen_at).to.equal('');
    }
  });

  it('only the sender, administrators and communicators read the figures', async () => {
    const id = (await publish(world.hr, { text: 'Office closed Friday' }).expect(200)).body.id as string;
    await as(world.bob).get(`/api/v1/announcements/${id}/stats`).expect(403);
    await as(world.bob).get(`/api/v1/announcements/${id}/stats.csv`).expect(403);
    await as(world.admin).get(`/api/v1/announcements/${id}/stats`).expect(200);
    await as(world.hr).get(`/api/v1/announcements/${newId()}/stats`).expect(404);
    await as(world.bob).delete(`/api/v1/announcements/${id}`).expect(403);
    await as(world.hr).delete(`/api/v1/announcements/${id}`).expect(200);
  });

  it('refuses publishing to people without the role (403) and bad input (422 with a message)', async () => {
    const refused = await publish(world.bob, { text: 'I am not HR' }).expect(403);
    expect(refused.body.error).to.be.a('string');
    const cases: Array<[object, string]> = [
      [{ text: '   ' }, 'text'],
      [{ text: 'x'.repeat(2001) }, 'text'],
      [{ text: 'Hello', group_ids: [newId()] }, 'group_ids'],
      [{ text: 'Hello', group_ids: ['not-an-id'] }, 'group_ids'],
      [{ text: 'Hello', group_ids: 'nope' }, 'group_ids'],
      [{ text: 'Hello', ends_at: new Date(Date.now() - 60_000).toISOString() }, 'ends_at'],
      [{ text: 'Hello', ends_at: 'tomorrow-ish' }, 'ends_at'],
    ];
    for (const [body, field] of cases) {
      const response = await publish(world.hr, body).expect(422);
      expect(response.body.field, JSON.stringify(body)).to.equal(field);
      expect(response.body.error).to.be.a('string').and.not.equal('');
    }
  });

  it('refuses a private group the publisher cannot see, even to an administrator', async () => {
    await publish(world.admin, { text: 'To sales', group_ids: [world.salesId] }).expect(422);
  });

  it('an expired or withdrawn announcement is no longer shown', async () => {
    const expiring = (await publish(world.hr, { text: 'Ends soon', ends_at: new Date(Date.now() + 3600_000).toISOString() }).expect(200)).body;
    expect(expiring.ends_at).to.be.a('string');
    expect(await pendingIds(world.eve)).to.include(expiring.id);
    await testApp.container.models.Announcement.update({ endsAt: new Date(Date.now() - 1000) }, { where: { id: expiring.id } });
    expect(await pendingIds(world.eve)).to.not.include(expiring.id);

    const withdrawn = (await publish(world.hr, { text: 'Sent by mistake' }).expect(200)).body.id as string;
    expect(await pendingIds(world.eve)).to.include(withdrawn);
    await as(world.hr).delete(`/api/v1/announcements/${withdrawn}`).expect(200);
    expect(await pendingIds(world.eve)).to.not.include(withdrawn);
    await as(world.eve).post(`/api/v1/announcements/${withdrawn}/dismiss`).expect(404);
  });

  it('records publication and withdrawal in the audit trail', async () => {
    const id = (await publish(world.hr, { text: 'Audited' }).expect(200)).body.id as string;
    await as(world.hr).delete(`/api/v1/announcements/${id}`).expect(200);
    const entries = await testApp.container.auditEvents.search({ text: id, limit: 10 });
    expect(entries.map((entry) => entry.action).sort()).to.deep.equal(['announcement.published', 'announcement.withdrawn']);
    expect(entries.every((entry) => entry.actorLabel === 'hanna')).to.equal(true);
  });

  it('a read-only token may list but not dismiss', async () => {
    const id = (await publish(world.hr, { text: 'Scopes' }).expect(200)).body.id as string;
    const { token } = await testApp.container.tokens.issue({ kind: 'personal', userId: world.eve.id, appId: null, scopes: ['read'] });
    const reader = ApiClient.withToken(testApp, token);
    await reader.get('/api/v1/announcements').expect(200);
    await reader.post(`/api/v1/announcements/${id}/dismiss`).expect(403);
  });
});
