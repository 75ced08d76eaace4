import { expect } from 'chai';
import request from 'supertest';
import { ADMIN, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { csrfTokenIn } from '../../helpers/web-client.js';

/**
 * The usual set-up: a TLS-terminating proxy in front, plain http from it to
 * Warble, an https public URL, and trustProxy left off.
 */
describe('an https public URL behind a TLS proxy, without trustProxy', function () {
  this.timeout(30_000);
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp({ WARBLE_PUBLIC_URL: 'https://warble.example.com' });
    await seedPeople(testApp);
  });
  after(() => testApp?.close());

  const sessionCookies = (setCookie: string | string[] | undefined): string[] =>
    (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).filter((cookie) => cookie.startsWith('warble_session'));

  it('a page that opens a session answers 200 over plain http and its session cookie is Secure', async () => {
    const response = await request(testApp.callback).get('/login');
    expect(response.status).to.equal(200);
    const cookies = sessionCookies(response.headers['set-cookie']);
    expect(cookies, 'session cookies').to.not.be.empty;
    for (const cookie of cookies) expect(cookie.toLowerCase()).to.include('; secure');
  });

  it('signing in over plain http works and every cookie it sets is Secure', async () => {
    const agent = request(testApp.callback);
    const page = await agent.get('/login');
    const cookieHeader = sessionCookies(page.headers['set-cookie']).map((cookie) => cookie.split(';')[0]).join('; ');
    const signedIn = await agent
      .post('/login')
      .set('Cookie', cookieHeader)
      .type('form')
      .send({ login: ADMIN.username, password: ADMIN.password, _csrf: csrfTokenIn(page.text) });
    expect(signedIn.status).to.equal(302);
    const cookies = sessionCookies(signedIn.headers['set-cookie']);
    expect(cookies, 'session cookies').to.not.be.empty;
    for (const cookie of cookies) expect(cookie.toLowerCase()).to.include('; secure');
  });
});
