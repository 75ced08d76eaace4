import { expect } from 'chai';
import { ADMIN, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

describe('first-run setup', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp();
  });
  afterEach(() => testApp.close());

  it('leads every page of a fresh instance to /setup', async () => {
    const client = new WebClient(testApp);
    for (const path of ['/', '/login', '/settings', '/admin/users']) {
      const response = await client.get(path);
      expect(response.status, path).to.equal(302);
      expect(response.headers.location, path).to.equal('/setup');
    }
  });

  it('creates the first administrator and signs them in', async () => {
    const client = new WebClient(testApp);
    const created = await client.submit('/setup', '/setup', {
      username: ADMIN.username,
      displayName: ADMIN.displayName,
      password: ADMIN.password,
      passwordConfirmation: ADMIN.password,
    });
    expect(created.status).to.equal(302);
    expect(created.headers.location).to.equal('/');
    const home = await client.get('/').expect(200);
    expect(home.text).to.include(`Hello, ${ADMIN.displayName}`);
    const stored = await testApp.container.users.findByUsername(ADMIN.username);
    expect(stored?.isAdmin).to.equal(true);
    expect(stored?.passwordHash).to.match(/^scrypt\$/);
  });

  it('refuses a POST without a CSRF token with 403 and creates nobody', async () => {
    const client = new WebClient(testApp);
    await client.get('/setup');
    const response = await client.agent
      .post('/setup')
      .type('form')
      .set('Accept', 'text/html')
      .send({ username: 'mallory', password: 'long enough password', passwordConfirmation: 'long enough password' });
    expect(response.status).to.equal(403);
    expect(await testApp.container.users.count()).to.equal(0);
  });

  it('refuses a forged CSRF token', async () => {
    const client = new WebClient(testApp);
    await client.get('/setup');
    const response = await client.agent
      .post('/setup')
      .type('form')
      .send({ _csrf: 'forged-token', username: 'mallory', password: 'long enough password', passwordConfirmation: 'long enough password' });
    expect(response.status).to.equal(403);
  });

  it('shows validation errors next to the field and keeps the typed values', async () => {
    const client = new WebClient(testApp);
    const response = await client.submit('/setup', '/setup', {
      username: 'ada',
      displayName: 'Ada <script>alert(1)</script>',
      password: 'short',
      passwordConfirmation: 'short',
    });
    expect(response.status).to.equal(422);
    expect(response.text).to.match(/id="password-error"[^>]*>Passwords need at least 10 characters/);
    expect(response.text).to.include('value="Ada &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.text).not.to.include('<script>alert(1)</script>');
  });

  it('refuses once an administrator exists, on GET and on POST', async () => {
    await testApp.container.localUsers.create({ ...ADMIN, isAdmin: true });
    const client = new WebClient(testApp);
    await client.get('/setup').expect(403);
    const login = await client.get('/login').expect(200);
    const response = await client.agent
      .post('/setup')
      .type('form')
      .send({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1],
        username: 'second',
        password: 'another long password',
        passwordConfirmation: 'another long password',
      });
    expect(response.status).to.equal(403);
    expect(await testApp.container.users.findByUsername('second')).to.equal(null);
  });
});
