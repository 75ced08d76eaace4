import { expect } from 'chai';
import sharp from 'sharp';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

const CAROL = { username: 'carol', displayName: 'Carol Chemist', password: 'carols secret words' };
const DAVE = { username: 'dave', displayName: 'Dave Designer', password: 'daves secret words' };

/** An audit entry's detail (stored as JSON text). */
const detailOf = (entry: { detail: unknown } | undefined): Record<string, unknown> =>
  typeof entry?.detail === 'string' ? (JSON.parse(entry.detail) as Record<string, unknown>) : ((entry?.detail ?? {}) as Record<string, unknown>);

describe('official accounts', () => {
  let testApp: TestApp;
  let adminWeb: WebClient;
  let bob: ApiClient;
  let carol: ApiClient;
  let helpdeskId: string;

  const audit = (action: string) => testApp.container.models.AuditEvent.findAll({ where: { action }, order: [['id', 'ASC']] });
  const user = async (username: string) => (await testApp.container.users.findByUsername(username))!;

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    await testApp.container.localUsers.create(CAROL);
    await testApp.container.localUsers.create(DAVE);
    adminWeb = new WebClient(testApp);
    expect((await adminWeb.signIn(ADMIN.username, ADMIN.password)).status).to.equal(302);
    bob = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
    carol = await ApiClient.signIn(testApp, CAROL.username, CAROL.password);
  });
  after(() => testApp.close());

  it('an administrator creates an official account on the admin page, audited, and it has no password', async () => {
    const response = await adminWeb.submit('/admin/official-accounts', '/admin/official-accounts', {
      username: 'helpdesk',
      displayName: 'IT Helpdesk',
      bio: 'Laptops, accounts, printers.',
    });
    expect(response.status).to.equal(302);
    const helpdesk = await user('helpdesk');
    expect(helpdesk.isOfficial).to.equal(true);
    expect(helpdesk.passwordHash).to.equal(null);
    expect(helpdesk.bio).to.equal('Laptops, accounts, printers.');
    helpdeskId = helpdesk.id;
    const [entry] = await audit('official.created');
    expect(entry?.targetId).to.equal(helpdesk.id);
    expect(entry?.actorLabel).to.equal(ADMIN.username);

    const page = await adminWeb.get('/admin/official-accounts').expect(200);
    expect(page.text).to.contain('IT Helpdesk');
  });

  it('refuses a taken user name with a message on the page', async () => {
    const response = await adminWeb.submit('/admin/official-accounts', '/admin/official-accounts', { username: 'bob', displayName: 'Not Bob' });
    expect(response.status).to.equal(409);
    expect(response.text).to.contain('role="alert"');
    expect((await user('bob')).isOfficial).to.equal(false);
  });

  it('the admin page is for administrators only', async () => {
    const web = new WebClient(testApp);
    await web.signIn(MEMBER.username, MEMBER.password);
    await web.get('/admin/official-accounts').expect(403);
    const forged = await web.submit('/settings', '/admin/official-accounts', { username: 'fake-hr', displayName: 'HR' });
    expect(forged.status).to.equal(403);
    expect(await testApp.container.users.findByUsername('fake-hr')).to.equal(null);
  });

  it('adding a publisher is audited; the account shows as official in the API', async () => {
    const response = await adminWeb.submit('/admin/official-accounts', `/admin/official-accounts/${helpdeskId}/publishers`, { username: 'bob' });
    expect(response.status).to.equal(302);
    const [entry] = await audit('official.publisherAdded');
    expect(entry?.targetId).to.equal(helpdeskId);
    expect(detailOf(entry)).to.include({ publisher: 'bob' });
    const unknown = await adminWeb.submit('/admin/official-accounts', `/admin/official-accounts/${helpdeskId}/publishers`, { username: 'nobody' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain(`id="publisher-error-${helpdeskId}"`);
    expect(unknown.text).to.contain('Name the user name of an active person');
    const account = await bob.get(`/api/v1/accounts/${helpdeskId}`).expect(200);
    expect(account.body.warble).to.include({ official: true, verified_by_directory: false });
    expect(account.body.note).to.contain('Laptops, accounts, printers.');
    const self = await bob.get('/api/v1/accounts/verify_credentials').expect(200);
    expect(self.body.warble.official).to.equal(false);
  });

  it('a publisher posts as the official account through the API: same posting path, real publisher recorded', async () => {
    const response = await bob.post('/api/v1/statuses', { status: 'Printers on floor 3 are back @carol #itnews', as_account_id: helpdeskId }).expect(200);
    expect(response.body.account.id).to.equal(helpdeskId);
    expect(response.body.account.warble.official).to.equal(true);
    const post = await testApp.container.models.Post.findByPk(response.body.id);
    expect(post!.authorId).to.equal(helpdeskId);
    expect(post!.publishedById).to.equal((await user('bob')).id);
    const [entry] = await audit('official.posted');
    expect(entry?.actorId).to.equal((await user('bob')).id);
    expect(entry?.targetId).to.equal(response.body.id);
    // The post-create use case ran: the mention notified Carol, from the official account.
    const notifications = await carol.get('/api/v1/notifications').expect(200);
    const mention = notifications.body.find((item: { type: string; status?: { id: string } }) => item.type === 'mention' && item.status?.id === response.body.id);
    expect(mention?.account.id).to.equal(helpdeskId);
  });

  it("a publisher attaches their own upload to a post made as the official account, but not someone else's", async () => {
    const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 90, b: 200 } } }).png().toBuffer();
    const mine = await bob.upload('/api/v2/media').attach('file', image, { filename: 'map.png', contentType: 'image/png' });
    expect(mine.status).to.be.oneOf([200, 202]);
    const posted = await bob.post('/api/v1/statuses', { status: 'Where the new printer is', as_account_id: helpdeskId, media_ids: [mine.body.id] }).expect(200);
    expect(posted.body.account.id).to.equal(helpdeskId);
    expect(posted.body.media_attachments.map((media: { id: string }) => media.id)).to.deep.equal([mine.body.id]);
    const carols = await carol.upload('/api/v2/media').attach('file', image, { filename: 'c.png', contentType: 'image/png' });
    await bob.post('/api/v1/statuses', { status: 'not mine to attach', as_account_id: helpdeskId, media_ids: [carols.body.id] }).expect(422);
  });

  it('refuses anyone who is not a publisher with a 403, and an unknown account the same way', async () => {
    const refused = await carol.post('/api/v1/statuses', { status: 'pretending to be IT', as_account_id: helpdeskId }).expect(403);
    expect(refused.body.error).to.be.a('string');
    await carol.post('/api/v1/statuses', { status: 'pretending', as_account_id: (await user('dave')).id }).expect(403);
    await carol.post('/api/v1/statuses', { status: 'pretending', as_account_id: 'not-an-id' }).expect(403);
    expect(await testApp.container.models.Post.count({ where: { authorId: helpdeskId } })).to.equal(2);
  });

  it('the compose form offers "Post as" to publishers only, and posting as the account works without JavaScript', async () => {
    const bobWeb = new WebClient(testApp);
    await bobWeb.signIn(MEMBER.username, MEMBER.password);
    const home = await bobWeb.get('/').expect(200);
    expect(home.text).to.contain('data-testid="post-as"');
    expect(home.text).to.contain(`value="${helpdeskId}"`);
    const carolWeb = new WebClient(testApp);
    await carolWeb.signIn(CAROL.username, CAROL.password);
    expect((await carolWeb.get('/').expect(200)).text).not.to.contain('data-testid="post-as"');

    const posted = await bobWeb.submit('/', '/posts', { status: 'VPN maintenance tonight', audience: 'public', returnTo: '/', as_account: helpdeskId });
    expect(posted.status).to.equal(302);
    const post = await testApp.container.models.Post.findOne({ where: { text: 'VPN maintenance tonight' } });
    expect(post!.authorId).to.equal(helpdeskId);

    const forged = await carolWeb.submit('/', '/posts', { status: 'forged', audience: 'public', returnTo: '/', as_account: helpdeskId });
    expect(forged.status).to.equal(403);
    expect(await testApp.container.models.Post.count({ where: { text: 'forged' } })).to.equal(0);
  });

  it('post cards and the profile show the official badge', async () => {
    const company = await adminWeb.get('/company').expect(200);
    expect(company.text).to.contain('data-testid="official-badge"');
    const profile = await adminWeb.get('/@helpdesk').expect(200);
    expect(profile.text).to.contain('data-testid="official-mark"');
    expect(profile.text).to.contain('Laptops, accounts, printers.');
    expect((await adminWeb.get('/@bob').expect(200)).text).not.to.contain('data-testid="official-mark"');
  });

  it('an official account cannot sign in, even with a password it had before being marked', async () => {
    const dave = new WebClient(testApp);
    expect((await dave.signIn(DAVE.username, DAVE.password)).status).to.equal(302);
    await dave.get('/settings').expect(200);
    const marked = await adminWeb.submit('/admin/official-accounts', '/admin/official-accounts/mark', { username: 'dave' });
    expect(marked.status).to.equal(302);
    expect((await user('dave')).isOfficial).to.equal(true);
    expect((await audit('official.marked')).map((entry) => entry.targetId)).to.deep.equal([(await user('dave')).id]);
    // The open session ended, and signing in again is refused like a wrong password.
    const after = await dave.get('/settings');
    expect(after.status).to.not.equal(200);
    expect((await new WebClient(testApp).signIn(DAVE.username, DAVE.password)).status).to.equal(401);
    expect((await new WebClient(testApp).signIn('helpdesk', 'any password at all')).status).to.equal(401);
  });

  it('an administrator cannot be made official', async () => {
    const refused = await adminWeb.submit('/admin/official-accounts', '/admin/official-accounts/mark', { username: ADMIN.username });
    expect(refused.status).to.equal(422);
    expect((await user(ADMIN.username)).isOfficial).to.equal(false);
  });

  it('removing a publisher is audited and ends their right to post as the account', async () => {
    const bobId = (await user('bob')).id;
    const response = await adminWeb.submit('/admin/official-accounts', `/admin/official-accounts/${helpdeskId}/publishers/${bobId}/remove`, {});
    expect(response.status).to.equal(302);
    expect((await audit('official.publisherRemoved')).map((entry) => entry.targetId)).to.deep.equal([helpdeskId]);
    await bob.post('/api/v1/statuses', { status: 'one more', as_account_id: helpdeskId }).expect(403);
  });
});
