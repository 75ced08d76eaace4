import { expect } from 'chai';
import supertest from 'supertest';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

const SESSION_COOKIE = /warble_session=([^;]+)/;

describe('sign-in and sign-out', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp({ WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT_AND_ADDRESS: '3' });
    await seedPeople(testApp);
  });
  afterEach(() => testApp.close());

  it('signs in with the user name and lands on the requested page', async () => {
    const client = new WebClient(testApp);
    const page = await client.get('/settings');
    expect(page.headers.location).to.equal('/login?returnTo=%2Fsettings');
    const response = await client.submit('/login?returnTo=%2Fsettings', '/login', {
      login: MEMBER.username,
      password: MEMBER.password,
      returnTo: '/settings',
    });
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal('/settings');
    await client.get('/settings').expect(200);
  });

  it('never redirects off-site after sign-in', async () => {
    const client = new WebClient(testApp);
    const response = await client.submit('/login', '/login', {
      login: MEMBER.username,
      password: MEMBER.password,
      returnTo: '//evil.example/phish',
    });
    expect(response.headers.location).to.equal('/');
  });

  it('gives an unknown user and a wrong password exactly the same answer', async () => {
    const unknown = await new WebClient(testApp).signIn('nobody', 'whatever password');
    const wrong = await new WebClient(testApp).signIn(MEMBER.username, 'not the password');
    expect(unknown.status).to.equal(401);
    expect(wrong.status).to.equal(401);
    const message = (html: string) => /class="form-error"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(message(unknown.text)).to.equal('Wrong user name or password.');
    expect(message(wrong.text)).to.equal(message(unknown.text));
  });

  it('refuses an empty password', async () => {
    const response = await new WebClient(testApp).signIn(MEMBER.username, '');
    expect(response.status).to.equal(401);
  });

  it('refuses a sign-in POST without a CSRF token', async () => {
    const client = new WebClient(testApp);
    await client.get('/login');
    const response = await client.agent.post('/login').type('form').send({ login: MEMBER.username, password: MEMBER.password });
    expect(response.status).to.equal(403);
    expect(response.headers['set-cookie'] ?? []).to.satisfy((cookies: string[]) =>
      cookies.every((cookie) => !cookie.startsWith('warble_session=') || cookie.includes('expires=Thu, 01 Jan 1970')),
    );
  });

  it('rate-limits failed attempts per account, even with the right password afterwards', async () => {
    const client = new WebClient(testApp);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await client.signIn(MEMBER.username, 'wrong password')).status).to.equal(401);
    }
    const blocked = await client.signIn(MEMBER.username, MEMBER.password);
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
    // Another account from the same address is not punished for bob's mistakes.
    expect((await new WebClient(testApp).signIn(ADMIN.username, ADMIN.password)).status).to.equal(302);
  });

  it('issues an httpOnly SameSite=Lax session cookie and a new session id at sign-in', async () => {
    const client = new WebClient(testApp);
    const loginPage = await client.get('/login');
    const before = SESSION_COOKIE.exec(String(loginPage.headers['set-cookie']))?.[1];
    const response = await client.submit('/login', '/login', { login: MEMBER.username, password: MEMBER.password });
    const cookies = (response.headers['set-cookie'] as unknown as string[]).join('\n');
    const after = SESSION_COOKIE.exec(cookies)?.[1];
    expect(after).to.be.a('string').and.not.equal(before);
    expect(cookies).to.match(/warble_session=[^\n]*httponly/i);
    expect(cookies).to.match(/warble_session=[^\n]*samesite=lax/i);
  });

  it('signs in with the mail address as well as the user name', async () => {
    await testApp.container.localUsers.create({
      username: 'carol',
      email: 'Carol@Example.com',
      password: 'carols long password',
    });
    const response = await new WebClient(testApp).signIn('carol@example.com', 'carols long password');
    expect(response.status).to.equal(302);
  });

  it('signing out ends the session on the server, so a copied cookie stops working', async () => {
    const client = new WebClient(testApp);
    const signedIn = await client.signIn(MEMBER.username, MEMBER.password);
    const copiedCookies = (signedIn.headers['set-cookie'] as unknown as string[])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    await supertest(testApp.callback).get('/').set('Cookie', copiedCookies).expect(200);
    const member = await testApp.container.users.findByUsername(MEMBER.username);
    expect(await testApp.container.models.Session.count({ where: { userId: member!.id } })).to.equal(1);

    const out = await client.submit('/', '/logout', {});
    expect(out.status).to.equal(302);
    expect(out.headers.location).to.equal('/login');
    expect(await testApp.container.models.Session.count({ where: { userId: member!.id } })).to.equal(0);
    const replay = await supertest(testApp.callback).get('/').set('Cookie', copiedCookies);
    expect(replay.status).to.equal(302);
  });

  it('a deactivated person is refused and their open session stops working', async () => {
    const client = new WebClient(testApp);
    await client.signIn(MEMBER.username, MEMBER.password);
    await client.get('/').expect(200);
    await testApp.container.models.User.update({ deactivatedAt: new Date() }, { where: { username: MEMBER.username } });
    const after = await client.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
    expect((await new WebClient(testApp).signIn(MEMBER.username, MEMBER.password)).status).to.equal(401);
  });
});
