import { expect } from 'chai';
import { ldapEnv } from '../../helpers/directory-app.js';
import { startSlapd, TINY_JPEG, type SlapdHandle } from '../../helpers/slapd/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

const binary = (response: { on(event: string, listener: (chunk: Buffer) => void): void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('profiles and photos of directory people (real slapd)', function () {
  let slapd: SlapdHandle;
  let testApp: TestApp;
  let bobClient: WebClient;

  before(async function () {
    slapd = await startSlapd();
    testApp = await startTestApp(ldapEnv(slapd));
    expect((await testApp.container.directory!.sync.run('admin')).status).to.equal('succeeded');
    bobClient = new WebClient(testApp);
    expect((await bobClient.signIn('bob', slapd.users.bob.password)).status).to.equal(302);
  });

  after(async function () {
    await testApp?.close();
    await slapd?.close();
  });

  it('shows title, department, contact, photo, groups and the verified mark', async function () {
    const page = await bobClient.get('/@alice').expect(200);
    const alice = slapd.users.alice;
    expect(page.text).to.include('<h1 id="profile-name">Alice Martin</h1>');
    expect(page.text).to.include(alice.title).and.include(alice.department).and.include(`mailto:${alice.mail}`);
    expect(page.text).to.include(alice.phone);
    expect(page.text).to.include('Verified by the company directory');
    expect(page.text).to.match(/<li><a href="\/groups\/[^"]+">engineering<\/a><\/li>/);
    const user = await testApp.container.users.findByUsername('alice');
    // Handlebars escapes '=' in attributes as &#x3D;, which the browser reads back as '='.
    expect(page.text).to.include(`src="/avatars/${user!.id}?v&#x3D;${user!.photoEtag}"`);
  });

  it('shows an accented name correctly, and links the manager to their profile', async function () {
    const page = await bobClient.get('/@emuller').expect(200);
    expect(page.text).to.include('Élodie Müller').and.include('Ressources Humaines');
    expect(page.text).to.include('<a href="/@zangstrom">Zoë Ångström</a>');
    const zoe = await bobClient.get('/@zangstrom').expect(200);
    expect(zoe.text).to.include('Zoë Ångström').and.include('Directrice Générale').and.include('Direction Générale');
  });

  it('serves the directory photo bytes as a JPEG with cache headers, and answers 304 when unchanged', async function () {
    const user = await testApp.container.users.findByUsername('alice');
    const response = await bobClient.get(`/avatars/${user!.id}`).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).to.equal('image/jpeg');
    expect(response.headers['cache-control']).to.equal('private, max-age=3600');
    expect(Buffer.compare(response.body as Buffer, TINY_JPEG)).to.equal(0);
    const again = await bobClient.get(`/avatars/${user!.id}`).set('If-None-Match', String(response.headers.etag));
    expect(again.status).to.equal(304);
  });

  it('serves an initials placeholder for people without a photo', async function () {
    const bob = await testApp.container.users.findByUsername('bob');
    const response = await bobClient.get(`/avatars/${bob!.id}`).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).to.equal('image/svg+xml');
    expect((response.body as Buffer).toString('utf8')).to.include('>BC</text>');
  });

  it('links the viewer\'s own profile from the navigation', async function () {
    const home = await bobClient.get('/').expect(200);
    expect(home.text).to.include('href="/@bob"');
  });

  it('is for signed-in people only, and unknown people are a 404', async function () {
    const anonymous = await new WebClient(testApp).get('/@alice');
    expect(anonymous.status).to.equal(302);
    expect(anonymous.headers.location).to.match(/^\/login/);
    const alice = await testApp.container.users.findByUsername('alice');
    expect((await new WebClient(testApp).get(`/avatars/${alice!.id}`)).status).to.equal(302);
    await bobClient.get('/@nobody-at-all').expect(404);
  });

  it('shows local accounts without the verified mark', async function () {
    await testApp.container.localUsers.create({ username: 'breakglass', password: 'break glass password', isAdmin: true });
    const page = await bobClient.get('/@breakglass').expect(200);
    expect(page.text).to.not.include('Verified by the company directory');
  });
});

describe('the directory admin page (real slapd)', function () {
  let slapd: SlapdHandle;
  let testApp: TestApp;

  before(async function () {
    slapd = await startSlapd();
    testApp = await startTestApp(ldapEnv(slapd));
  });

  after(async function () {
    await testApp?.close();
    await slapd?.close();
  });

  it('lets a directory administrator sync now and shows the counts', async function () {
    const alice = new WebClient(testApp);
    expect((await alice.signIn('alice', slapd.users.alice.password)).status).to.equal(302);
    const before = await alice.get('/admin/directory').expect(200);
    expect(before.text).to.include('No sync has run yet.');
    const synced = await alice.submit('/admin/directory', '/admin/directory/sync', {});
    expect(synced.status).to.equal(302);
    expect(synced.headers.location).to.equal('/admin/directory?synced=succeeded');
    const page = await alice.get('/admin/directory?synced=succeeded').expect(200);
    expect(page.text).to.include('Directory sync finished.');
    expect(page.text).to.include('6 active, 0 deactivated');
    expect(page.text).to.match(/<td>Administrator<\/td>\s*<td>Succeeded<\/td>\s*<td>5<\/td>/);
  });

  it('tests the connection and reports what it found', async function () {
    const alice = new WebClient(testApp);
    await alice.signIn('alice', slapd.users.alice.password);
    const page = await alice.submit('/admin/directory', '/admin/directory/test', {});
    expect(page.status).to.equal(200);
    expect(page.text).to.include('The directory answered and the service account could bind.');
    expect(page.text).to.include(slapd.url);
  });

  it('is for administrators only', async function () {
    const bob = new WebClient(testApp);
    await bob.signIn('bob', slapd.users.bob.password);
    expect((await bob.get('/admin/directory')).status).to.equal(403);
  });
});
