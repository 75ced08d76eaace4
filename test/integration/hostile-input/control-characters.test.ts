import { expect } from 'chai';
import supertest from 'supertest';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient, csrfTokenIn } from '../../helpers/web-client.js';

/** The one rule for text input (docs/api.md): NUL, C0 controls other than tab/LF/CR and lone surrogates are refused, on every database. */
describe('control characters in text input', () => {
  let testApp: TestApp;
  let api: ApiClient;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    api = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
  });
  after(() => testApp.close());

  const countPosts = () => testApp.container.models.Post.count();

  it('a NUL in a query string is a 422 naming the parameter', async () => {
    const response = await api.get('/api/v1/accounts/lookup?acct=a%00b');
    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'E_CONTROL_CHARACTER', field: 'acct' });
  });

  it('a NUL in a JSON body is a 422 naming the field, and nothing is saved', async () => {
    const response = await api.post('/api/v1/saved_searches', { query: 'a\u0000b' });
    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'E_CONTROL_CHARACTER', field: 'query' });
    expect((await api.get('/api/v1/saved_searches').expect(200)).body).to.deep.equal([]);
  });

  it('post text, display names and group names with NUL or other C0 controls are refused, not rewritten', async () => {
    const before = await countPosts();
    for (const status of ['a\u0000b', 'bell\u0007', 'escape \u001b[31m']) {
      const response = await api.post('/api/v1/statuses', { status });
      expect(response.status, JSON.stringify(status)).to.equal(422);
      expect(response.body.field).to.equal('status');
    }
    expect(await countPosts()).to.equal(before);
    const renamed = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'Bob\u0000' });
    expect(renamed.status).to.equal(422);
    expect(renamed.body.field).to.equal('display_name');
    const group = await api.post('/api/v1/groups', { name: 'Team\u0000', visibility: 'public' });
    expect(group.status).to.equal(422);
    expect(group.body.field).to.equal('name');
    expect(await testApp.container.models.Group.count()).to.equal(0);
    const me = await testApp.container.models.User.findOne({ where: { username: MEMBER.username } });
    expect(me?.displayName).to.equal(MEMBER.displayName);
  });

  it('a multipart field with a control character is refused like a JSON one', async () => {
    const web = new WebClient(testApp);
    await web.signIn(MEMBER.username, MEMBER.password);
    const csrf = csrfTokenIn((await web.get('/settings')).text);
    const patched = await web.agent
      .patch('/api/v1/accounts/update_credentials')
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', csrf)
      .field('display_name', 'Bob\u0000Builder');
    expect(patched.status).to.equal(422);
    expect(patched.body.field).to.equal('display_name');
  });

  it('tab, newline and carriage return are ordinary text and are stored exactly', async () => {
    const status = 'line one\r\nline\ttwo\nthree';
    const response = await api.post('/api/v1/statuses', { status }).expect(200);
    const stored = await testApp.container.models.Post.findByPk(response.body.id as string);
    expect(stored?.text).to.equal(status);
  });

  it('a lone UTF-16 surrogate is refused (it cannot be stored as UTF-8)', async () => {
    const response = await api.post('/api/v1/statuses', { status: 'half \ud83d of an emoji' });
    expect(response.status).to.equal(422);
    expect(response.body.field).to.equal('status');
  });

  it('the OAuth token endpoint answers JSON 422, not an HTML 500, for a client_id with NUL', async () => {
    const response = await supertest(testApp.callback)
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'a\u0000b', client_secret: 'x' });
    expect(response.status).to.equal(422);
    expect(response.type).to.equal('application/json');
    expect(response.body.field).to.equal('client_id');
  });

  it('HTTP Basic client credentials follow the same rule, and broken percent-encoding in them is a 401', async () => {
    const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
    const withNul = await supertest(testApp.callback)
      .post('/oauth/token')
      .set('Authorization', basic('a%00b:secret'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(withNul.status).to.equal(422);
    expect(withNul.body.field).to.equal('client_id');
    const broken = await supertest(testApp.callback)
      .post('/oauth/token')
      .set('Authorization', basic('%E0%A4%A:secret'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(broken.status).to.equal(401);
    expect(broken.body.error).to.equal('invalid_client');
  });

  it('pages named by a path with a NUL are not found', async () => {
    const web = new WebClient(testApp);
    await web.signIn(MEMBER.username, MEMBER.password);
    await web.get('/@a%00b').expect(404);
    await web.get('/groups/a%00b').expect(404);
    await api.get('/api/v1/accounts/a%00b').expect(404);
  });

  it('the web compose form shows the page’s message for NUL in a recipient', async () => {
    const web = new WebClient(testApp);
    await web.signIn(ADMIN.username, ADMIN.password);
    const before = await countPosts();
    const response = await web.submit('/', '/posts', { status: 'hello', audience: 'direct', to: '\u0000\u0000' });
    expect(response.status).to.equal(422);
    expect(response.type).to.equal('text/html');
    expect(response.text).to.match(/control character/i);
    expect(await countPosts()).to.equal(before);
  });
});
