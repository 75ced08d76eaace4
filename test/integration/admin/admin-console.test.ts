import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { csrfTokenIn, WebClient } from '../../helpers/web-client.js';

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('admin console: audit log, instance settings, people', () => {
  let testApp: TestApp;
  let admin: WebClient;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    admin = new WebClient(testApp);
    expect((await admin.signIn(ADMIN.username, ADMIN.password)).status).to.equal(302);
  });
  after(() => testApp.close());

  const userId = async (username: string) => {
    const user = await testApp.container.users.findByUsername(username);
    if (!user) throw new Error(`no ${username}`);
    return user.id;
  };

  describe('/admin/audit', () => {
    it('finds a failed sign-in by text and exports the filtered entries as CSV, itself audited', async () => {
      expect((await new WebClient(testApp).signIn('mallory-guess', 'not the password')).status).to.not.equal(302);
      const page = await admin.get('/admin/audit?text=mallory-guess').expect(200);
      expect(page.text).to.include('sign-in.failed');
      expect(page.text).to.include('mallory-guess');
      expect(page.text).to.match(/href="\/admin\/audit\/export\.csv\?text(=|&#x3D;)mallory-guess"/);

      const csv = await admin.get('/admin/audit/export.csv?text=mallory-guess&action=sign-in.').expect(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      expect(csv.headers['content-disposition']).to.match(/^attachment; filename="warble-audit-\d{4}-\d{2}-\d{2}\.csv"/);
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).to.equal('id,at,actor,actor_id,action,target_type,target_id,address,detail');
      expect(lines).to.have.length(2);
      expect(lines[1]).to.include('mallory-guess').and.include('sign-in.failed');

      const exports = await testApp.container.auditEvents.search({ action: 'export.created', limit: 10 });
      const detail = JSON.parse(exports[0]?.detail ?? '{}') as { kind?: string; format?: string; count?: number };
      expect(detail).to.include({ kind: 'audit', format: 'csv', count: 1 });
      expect(exports[0]?.actorId).to.equal(await userId(ADMIN.username));
    });

    it('exports JSON lines, filters by person and action prefix, and pages with max_id', async () => {
      const jsonl = await admin.get(`/admin/audit/export.jsonl?person=${ADMIN.username}&action=sign-in.`).expect(200);
      expect(jsonl.headers['content-disposition']).to.match(/^attachment;.*\.jsonl"/);
      const rows = jsonl.text.trim().split('\n').map((line) => JSON.parse(line) as { action: string; actor: string });
      expect(rows.length).to.be.greaterThan(0);
      for (const row of rows) expect(row).to.include({ action: 'sign-in.succeeded', actor: ADMIN.username });

      const all = await testApp.container.auditEvents.search({ limit: 1000 });
      const newest = all[0];
      if (!newest) throw new Error('no entries');
      const older = await admin.get(`/admin/audit?max_id=${newest.id}`).expect(200);
      expect(older.text).not.to.include(`"${newest.id}"`);
      const bad = await admin.get('/admin/audit?from=yesterday').expect(422);
      expect(bad.text).to.match(/id="from-error"/);
    });
  });

  it('refuses members on every admin page (403)', async () => {
    const member = new WebClient(testApp);
    await member.signIn(MEMBER.username, MEMBER.password);
    for (const path of ['/admin', '/admin/users', '/admin/groups', '/admin/directory', '/admin/plugins', '/admin/audit', '/admin/audit/export.csv', '/admin/settings']) {
      const response = await member.get(path);
      expect(response.status, path).to.equal(403);
    }
    const post = await member.submit('/', '/admin/settings', { name: 'Pwned', maxLength: '5', defaultLanguage: 'en', signUpPolicy: 'admin-only' });
    expect(post.status).to.equal(403);
    const role = await member.submit('/', `/admin/users/${await userId(MEMBER.username)}/role`, { admin: '1' });
    expect(role.status).to.equal(403);
    expect((await testApp.container.users.findByUsername(MEMBER.username))?.isAdmin).to.equal(false);
  });

  describe('/admin/settings', () => {
    after(async () => {
      await admin.submit('/admin/settings', '/admin/settings', { name: 'Warble', maxLength: '500', defaultLanguage: 'en', signUpPolicy: 'admin-only' });
    });

    it('changes the header name and the post length limit of the API, audited', async () => {
      const api = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
      await api.post('/api/v1/statuses', { status: 'x'.repeat(30) }).expect(200);

      const saved = await admin.submit('/admin/settings', '/admin/settings', {
        name: 'Acme Chirps',
        maxLength: '20',
        defaultLanguage: 'fr',
        signUpPolicy: 'admin-only',
      });
      expect(saved.status).to.equal(302);
      const home = await new WebClient(testApp).get('/login').expect(200);
      expect(home.text).to.match(/class="brand"[^>]*>[\s\S]*Acme Chirps/);
      expect(home.text).to.include('<title>');

      const tooLong = await api.post('/api/v1/statuses', { status: 'x'.repeat(30) });
      expect(tooLong.status).to.equal(422);
      await api.post('/api/v1/statuses', { status: 'short enough' }).expect(200);
      const instance = await api.get('/api/v1/instance').expect(200);
      expect(instance.body.configuration.statuses.max_characters).to.equal(20);
      expect(instance.body.title).to.equal('Acme Chirps');

      // No Accept-Language: the new default language (French) applies.
      const anonymous = await new WebClient(testApp).agent.get('/login').set('Accept', 'text/html').expect(200);
      expect(anonymous.text).to.match(/<html lang="fr"/);

      const [entry] = await testApp.container.auditEvents.search({ action: 'settings.changed', limit: 1 });
      expect(JSON.parse(entry?.detail ?? '{}')).to.deep.include({ changed: { name: { from: 'Warble', to: 'Acme Chirps' }, maxLength: { from: 500, to: 20 }, defaultLanguage: { from: 'en', to: 'fr' } } });
    });

    it('refuses invalid values with a message next to the field (422) and keeps the old ones', async () => {
      const before = testApp.container.instanceSettings.current().maxLength;
      const response = await admin.submit('/admin/settings', '/admin/settings', { name: 'Fine', maxLength: 'lots', defaultLanguage: 'en', signUpPolicy: 'admin-only' });
      expect(response.status).to.equal(422);
      expect(response.text).to.match(/id="maxLength-error"[^>]*>Give a whole number from 1 to 100000./);
      expect(response.text).to.match(/id="maxLength"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*maxLength-error/);
      expect(testApp.container.instanceSettings.current().maxLength).to.equal(before);
      const blank = await admin.submit('/admin/settings', '/admin/settings', { name: '  ', maxLength: '100', defaultLanguage: 'en', signUpPolicy: 'admin-only' });
      expect(blank.status).to.equal(422);
      expect(blank.text).to.match(/id="name-error"/);
      const language = await admin.submit('/admin/settings', '/admin/settings', { name: 'Fine', maxLength: '100', defaultLanguage: 'xx', signUpPolicy: 'admin-only' });
      expect(language.status).to.equal(422);
      expect(language.text).to.match(/id="defaultLanguage-error"/);
    });

    it('takes a PNG logo, serves it and shows it in the header; refuses other files', async () => {
      const page = await admin.get('/admin/settings').expect(200);
      const upload = await admin.agent
        .post('/admin/settings/logo')
        .set('Accept', 'text/html')
        .field('_csrf', csrfTokenIn(page.text))
        .attach('logo', PNG_1PX, { filename: 'logo.png', contentType: 'image/png' });
      expect(upload.status).to.equal(302);
      const logo = await admin.get('/instance/logo').expect(200);
      expect(logo.headers['content-type']).to.equal('image/png');
      expect((await admin.get('/admin/settings')).text).to.match(/src="\/instance\/logo\?v(=|&#x3D;)\d+"/);

      const bad = await admin.agent
        .post('/admin/settings/logo')
        .set('Accept', 'text/html')
        .field('_csrf', csrfTokenIn(page.text))
        .attach('logo', Buffer.from('GIF89a not a png'), { filename: 'logo.png', contentType: 'image/png' });
      expect(bad.status).to.equal(422);
      expect(bad.text).to.match(/id="logo-error"/);
      const noCsrf = await admin.agent.post('/admin/settings/logo').attach('logo', PNG_1PX, { filename: 'logo.png', contentType: 'image/png' });
      expect(noCsrf.status).to.equal(403);
    });

    it("the 'directory' sign-up policy refuses the add-local-account form", async () => {
      await admin.submit('/admin/settings', '/admin/settings', { name: 'Warble', maxLength: '500', defaultLanguage: 'en', signUpPolicy: 'directory' }).then((r) => expect(r.status).to.equal(302));
      const refused = await admin.submit('/admin/users', '/admin/users', { username: 'nolocal', password: 'a long enough password' });
      expect(refused.status).to.equal(422);
      expect(refused.text).to.match(/id="username-error"[^>]*>The sign-up policy allows directory accounts only/);
      expect(await testApp.container.users.findByUsername('nolocal')).to.equal(null);
    });
  });

  describe('/admin/users actions', () => {
    it('makes and revokes an administrator, audited', async () => {
      const bobId = await userId(MEMBER.username);
      expect((await admin.submit('/admin/users', `/admin/users/${bobId}/role`, { admin: '1' })).status).to.equal(302);
      expect((await testApp.container.users.findById(bobId))?.isAdmin).to.equal(true);
      expect((await admin.get('/admin/users?done=madeAdmin&name=bob')).text).to.include('bob is now an administrator.');
      expect((await admin.submit('/admin/users', `/admin/users/${bobId}/role`, { admin: '0' })).status).to.equal(302);
      expect((await testApp.container.users.findById(bobId))?.isAdmin).to.equal(false);
      const entries = await testApp.container.auditEvents.search({ action: 'user.role-changed', limit: 5 });
      expect(entries.map((entry) => JSON.parse(entry.detail) as { isAdmin: boolean }).map((d) => d.isAdmin)).to.deep.equal([false, true]);
    });

    it('refuses to remove your own administrator role', async () => {
      const adaId = await userId(ADMIN.username);
      const response = await admin.submit('/admin/users', `/admin/users/${adaId}/role`, { admin: '0' });
      expect(response.status).to.equal(422);
      expect(response.text).to.include('You cannot remove your own administrator role');
      expect((await testApp.container.users.findById(adaId))?.isAdmin).to.equal(true);
    });

    it('deactivating a local account ends its session; reactivating lets it sign in again', async () => {
      await testApp.container.localUsers.create({ username: 'carol', displayName: 'Carol', password: 'carols long password' });
      const carol = new WebClient(testApp);
      expect((await carol.signIn('carol', 'carols long password')).status).to.equal(302);
      await carol.get('/settings').expect(200);
      const carolId = await userId('carol');

      expect((await admin.submit('/admin/users', `/admin/users/${carolId}/deactivate`, {})).status).to.equal(302);
      const after = await carol.get('/settings');
      expect(after.status).to.equal(302);
      expect(after.headers.location).to.match(/^\/login/);
      expect((await new WebClient(testApp).signIn('carol', 'carols long password')).status).to.not.equal(302);
      const [entry] = await testApp.container.auditEvents.search({ action: 'user.deactivated', limit: 1 });
      expect(entry?.targetId).to.equal(carolId);

      expect((await admin.submit('/admin/users', `/admin/users/${carolId}/reactivate`, {})).status).to.equal(302);
      expect((await new WebClient(testApp).signIn('carol', 'carols long password')).status).to.equal(302);
    });

    it('refuses to deactivate yourself', async () => {
      const response = await admin.submit('/admin/users', `/admin/users/${await userId(ADMIN.username)}/deactivate`, {});
      expect(response.status).to.equal(422);
      expect(response.text).to.include('You cannot deactivate your own account.');
    });
  });

  it('archives and unarchives a local group on /admin/groups, audited', async () => {
    const groupId = await createGroup(testApp.container.models, { name: 'Book Club', visibility: 'public', members: [{ userId: await userId(ADMIN.username), role: 'owner' }] });
    const archived = await admin.submit('/admin/groups', `/admin/groups/${groupId}/archive`, {});
    expect(archived.status).to.equal(302);
    expect((await testApp.container.models.Group.findByPk(groupId))?.archivedAt).to.be.an.instanceOf(Date);
    expect((await admin.get('/admin/groups')).text).to.include(`/admin/groups/${groupId}/unarchive`);
    expect((await admin.submit('/admin/groups', `/admin/groups/${groupId}/unarchive`, {})).status).to.equal(302);
    expect((await testApp.container.models.Group.findByPk(groupId))?.archivedAt).to.equal(null);
    const entries = await testApp.container.auditEvents.search({ action: 'group.', limit: 5 });
    expect(entries.map((entry) => entry.action)).to.deep.equal(['group.unarchived', 'group.archived']);
  });
});
