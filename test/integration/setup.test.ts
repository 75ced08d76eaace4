import { expect } from 'chai';
import { createPeopleServices } from '../../server/services/people/people-services.js';
import { captureLog } from '../helpers/log-capture.js';
import { ADMIN, MEMBER, startTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfTokenIn, WebClient } from '../helpers/web-client.js';

/**
 * A secure first run (issue 15): the first administrator is created only by
 * whoever holds the one-time link the server printed in its log. (Until then
 * any visitor could open /setup and make themselves administrator.)
 */
describe('first-run setup', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp();
  });
  afterEach(() => testApp.close());

  const adminForm = (token: string) => ({
    token,
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    passwordConfirmation: ADMIN.password,
  });

  it('leads anonymous visitors of a fresh instance to /setup, which says the link is in the server log and offers no form', async () => {
    const client = new WebClient(testApp);
    for (const path of ['/', '/settings', '/admin/users']) {
      const response = await client.get(path);
      expect(response.status, path).to.equal(302);
      expect(response.headers.location, path).to.equal('/setup');
    }
    const setup = await client.get('/setup').expect(403);
    expect(setup.text).to.include('not set up yet');
    expect(setup.text).to.include('server log');
    expect(setup.text).not.to.include('name="password"');
    await client.get('/login').expect(200);
  });

  it('refuses a wrong token on GET and POST and creates nobody', async () => {
    await testApp.container.people.setupTokens.issue();
    const client = new WebClient(testApp);
    const page = await client.get('/setup?token=guessed-token').expect(403);
    expect(page.text).not.to.include('name="password"');
    const csrf = csrfTokenIn((await client.get('/login')).text);
    const response = await client.agent.post('/setup').type('form').send({ _csrf: csrf, ...adminForm('guessed-token') });
    expect(response.status).to.equal(403);
    expect(response.text).to.include('server log');
    const noToken = await client.agent.post('/setup').type('form').send({ _csrf: csrf, ...adminForm('') });
    expect(noToken.status).to.equal(403);
    expect(await testApp.container.users.count()).to.equal(0);
  });

  it('prints a one-time link in the log at start; it creates the first administrator and signs them in, once', async () => {
    const log = captureLog('info');
    const outcome = await firstRun(testApp, log.logger);
    expect(outcome.kind).to.equal('setup-link');
    const line = log.lines.find((entry) => typeof entry.setupUrl === 'string');
    const url = new URL(String(line?.setupUrl));
    expect(line?.msg).to.include(url.toString());
    expect(url.pathname).to.equal('/setup');
    const token = url.searchParams.get('token') ?? '';
    expect(token).to.have.length.greaterThan(40);
    // Only a hash is stored.
    const stored = await testApp.container.models.AccountToken.findAll();
    expect(stored.map((row) => row.tokenHash)).not.to.include(token);

    const client = new WebClient(testApp);
    const created = await client.submit(`/setup?token=${token}`, '/setup', adminForm(token));
    expect(created.status).to.equal(302);
    expect(created.headers.location).to.equal('/');
    const home = await client.get('/').expect(200);
    expect(home.text).to.include(`Hello, ${ADMIN.displayName}`);
    const admin = await testApp.container.users.findByUsername(ADMIN.username);
    expect(admin?.isAdmin).to.equal(true);
    expect(admin?.passwordHash).to.match(/^scrypt\$/);

    // Used: the same link now meets "already set up".
    const again = new WebClient(testApp);
    await again.get(`/setup?token=${token}`).expect(403);
    const audit = await testApp.container.auditEvents.search({ action: 'user.created', limit: 10 });
    expect(audit.map((entry) => JSON.parse(entry.detail) as unknown)).to.deep.include({ username: ADMIN.username, isAdmin: true, via: 'setup link' });
  });

  it('every setup link is void once an administrator exists by another way (warble user add --admin)', async () => {
    const token = (await testApp.container.people.setupTokens.issue()) ?? '';
    await testApp.container.localUsers.create({ ...ADMIN, isAdmin: true });
    const client = new WebClient(testApp);
    await client.get(`/setup?token=${token}`).expect(403);
    const login = await client.get('/login').expect(200);
    const response = await client.agent.post('/setup').type('form').send({ _csrf: csrfTokenIn(login.text), ...adminForm(token), username: 'second' });
    expect(response.status).to.equal(403);
    expect(await testApp.container.users.findByUsername('second')).to.equal(null);
    expect(await testApp.container.people.setupTokens.issue()).to.equal(null);
  });

  it('never sends a signed-in non-administrator to setup', async () => {
    await testApp.container.localUsers.create(MEMBER);
    const member = new WebClient(testApp);
    expect((await member.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    const home = await member.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include(`Hello, ${MEMBER.displayName}`);
    const setup = await member.get('/setup').expect(403);
    expect(setup.text).not.to.include('name="password"');
  });

  it('refuses a POST without a CSRF token with 403 and creates nobody', async () => {
    const token = (await testApp.container.people.setupTokens.issue()) ?? '';
    const client = new WebClient(testApp);
    await client.get(`/setup?token=${token}`).expect(200);
    const response = await client.agent.post('/setup').type('form').set('Accept', 'text/html').send(adminForm(token));
    expect(response.status).to.equal(403);
    const forged = await client.agent.post('/setup').type('form').send({ _csrf: 'forged-token', ...adminForm(token) });
    expect(forged.status).to.equal(403);
    expect(await testApp.container.users.count()).to.equal(0);
  });

  it('shows validation errors next to the field, keeps the typed values and the link', async () => {
    const token = (await testApp.container.people.setupTokens.issue()) ?? '';
    const client = new WebClient(testApp);
    const response = await client.submit(`/setup?token=${token}`, '/setup', {
      token,
      username: 'ada',
      displayName: 'Ada <script>alert(1)</script>',
      password: 'short',
      passwordConfirmation: 'short',
    });
    expect(response.status).to.equal(422);
    expect(response.text).to.match(/id="password-error"[^>]*>Passwords need at least 10 characters/);
    expect(response.text).to.include('value="Ada &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.text).not.to.include('<script>alert(1)</script>');
    expect(response.text).to.include(`name="token" value="${token}"`);
    // The refused attempt did not spend the link.
    expect(await testApp.container.people.setupTokens.state(token)).to.equal('valid');
  });

  describe('WARBLE_ADMIN_* bootstrap', () => {
    it('creates the administrator at start, never logs the password, and prints no setup link', async () => {
      const app = await startTestApp({ WARBLE_ADMIN_USERNAME: 'root', WARBLE_ADMIN_PASSWORD: 'bootstrap secret words', WARBLE_ADMIN_EMAIL: 'Root@Example.com' });
      try {
        const log = captureLog('debug');
        expect(await firstRun(app, log.logger)).to.deep.equal({ kind: 'bootstrapped', username: 'root' });
        expect(JSON.stringify(log.lines)).not.to.include('bootstrap secret words');
        expect(log.lines.some((entry) => 'setupUrl' in entry)).to.equal(false);
        const root = await app.container.users.findByUsername('root');
        expect(root?.isAdmin).to.equal(true);
        expect(root?.email).to.equal('root@example.com');
        expect((await new WebClient(app).signIn('root', 'bootstrap secret words')).status).to.equal(302);
        // A second start changes nothing (and keeps the first password).
        expect(await firstRun(app, log.logger)).to.deep.equal({ kind: 'ready' });
      } finally {
        await app.close();
      }
    });

    it('is ignored once an administrator exists', async () => {
      const app = await startTestApp({ WARBLE_ADMIN_USERNAME: 'root', WARBLE_ADMIN_PASSWORD: 'bootstrap secret words' });
      try {
        await app.container.localUsers.create({ ...ADMIN, isAdmin: true });
        expect(await firstRun(app, captureLog().logger)).to.deep.equal({ kind: 'ready' });
        expect(await app.container.users.findByUsername('root')).to.equal(null);
      } finally {
        await app.close();
      }
    });

    it('a bad value is a configuration error naming the key, never the value', async () => {
      const app = await startTestApp({ WARBLE_ADMIN_USERNAME: 'root', WARBLE_ADMIN_PASSWORD: 'short' });
      try {
        let message = '';
        await firstRun(app, captureLog().logger).catch((error: Error) => (message = error.message));
        expect(message).to.match(/^admin\.password \(WARBLE_ADMIN_PASSWORD\):/);
        expect(message).not.to.include('short');
      } finally {
        await app.close();
      }
    });

    it('a user name without a password is refused when the configuration loads', async () => {
      let message = '';
      await startTestApp({ WARBLE_ADMIN_USERNAME: 'root' }).catch((error: Error) => (message = error.message));
      expect(message).to.include('admin.password');
    });
  });
});

/** What a server does at start, with a logger the test reads. */
async function firstRun(testApp: TestApp, logger: ReturnType<typeof captureLog>['logger']) {
  const { container } = testApp;
  const people = createPeopleServices({ ...container, config: testApp.config, logger, redis: null });
  try {
    return await people.prepareFirstRun('http://warble.test');
  } finally {
    people.close();
  }
}
