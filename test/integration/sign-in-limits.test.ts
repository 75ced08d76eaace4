/**
 * Failed sign-ins limit the one guessing, not the person guessed at: counted
 * per (login, client address), per address and, for distributed guessing,
 * per login from every address, where only addresses that already failed
 * are refused. Clients connect from distinct loopback addresses (127.0.0.x),
 * so the server sees real, different addresses.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import supertest from 'supertest';
import { registerApp, type RegisteredApp } from '../helpers/oauth.js';
import { ldapEnv } from '../helpers/directory-app.js';
import { startSlapd } from '../helpers/slapd/index.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfTokenIn, fromAddress, WebClient } from '../helpers/web-client.js';

const CAROL = { username: 'carol', password: 'carols long password' };
const ATTACKER = '127.0.0.7';
const VICTIM = '127.0.0.8';

describe('sign-in limits lock out the guesser, never the person', function () {
  this.timeout(30_000);
  let testApp: TestApp;

  /** Run after each test, last added first. */
  let cleanups: Array<() => Promise<void>> = [];
  const node = async (env: Record<string, string>) => {
    const started = await startTestApp(env);
    cleanups.push(() => started.close());
    await seedPeople(started);
    await started.container.localUsers.create(CAROL);
    return started;
  };
  const start = async (env: Record<string, string> = {}) => {
    testApp = await node(env);
  };
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  const browserAt = (address: string) => new WebClient(testApp, 'en', { localAddress: address });
  const webSignIn = async (address: string, login: string, password: string) => (await browserAt(address).signIn(login, password)).status;
  const grant = (app: RegisteredApp, address: string, username: string, password: string) =>
    supertest(testApp.callback)
      .post('/oauth/token')
      .agent(fromAddress(address))
      .send({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username, password, scope: 'read' });
  const audit = (action: string) => testApp.container.auditEvents.search({ action, limit: 100 });
  /** Signs in as Carol from `client`, with an X-Forwarded-For header a proxy (or a forger) added. */
  const forwardedSignIn = async (client: WebClient, forwardedFor: string, password: string, address?: string) => {
    const page = await client.get('/login');
    const request = client.agent.post('/login');
    if (address) request.agent(fromAddress(address));
    const response = await request
      .type('form')
      .set('Accept', 'text/html')
      .set('X-Forwarded-For', forwardedFor)
      .send({ _csrf: csrfTokenIn(page.text), login: CAROL.username, password });
    return response.status;
  };

  describe('with the default limits (5 failures per login and address)', () => {
    beforeEach(() => start());

    it('web: five wrong passwords lock out that address only; Carol signs in from hers, the guesser stays locked out', async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) expect(await webSignIn(ATTACKER, CAROL.username, 'guess')).to.equal(401);
      const refused = await browserAt(ATTACKER).signIn(CAROL.username, CAROL.password);
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);

      expect(await webSignIn(VICTIM, CAROL.username, CAROL.password)).to.equal(302);
      // Her success from elsewhere lifts nothing for the guesser within the window.
      expect(await webSignIn(ATTACKER, CAROL.username, CAROL.password)).to.equal(429);
      // The guesser's address is not barred from other accounts before the per-address limit.
      expect(await webSignIn(ATTACKER, MEMBER.username, MEMBER.password)).to.equal(302);
    });

    it('OAuth password grant: the same rule, 429 for the guessing address and a token for Carol elsewhere', async () => {
      const app = await registerApp(testApp, 'read');
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await grant(app, ATTACKER, CAROL.username, 'guess')).status).to.equal(400);
      const refused = await grant(app, ATTACKER, CAROL.username, CAROL.password);
      expect(refused.status).to.equal(429);
      expect(refused.body.error).to.equal('invalid_grant');
      const token = await grant(app, VICTIM, CAROL.username, CAROL.password);
      expect(token.status).to.equal(200);
      expect(token.body.access_token).to.be.a('string');
      expect((await grant(app, ATTACKER, CAROL.username, CAROL.password)).status).to.equal(429);
    });

    it('writes each failure and the limit being reached to the audit log, with the guessing address', async () => {
      for (let attempt = 0; attempt < 6; attempt += 1) await webSignIn(ATTACKER, CAROL.username.toUpperCase(), 'guess');
      const failed = await audit('sign-in.failed');
      expect(failed).to.have.length(5);
      const reached = await audit('sign-in.limit-reached');
      expect(reached).to.have.length(1);
      expect(reached[0]!.address).to.match(/127\.0\.0\.7$/);
      expect(reached[0]!.actorLabel).to.equal('CAROL');
      expect(JSON.parse(reached[0]!.detail)).to.deep.equal({ limit: 'account-and-address', windowSeconds: 900 });
    });

    it('a correct password resets the run of failures from that address', async () => {
      for (let attempt = 0; attempt < 4; attempt += 1) expect(await webSignIn(ATTACKER, CAROL.username, 'typo')).to.equal(401);
      expect(await webSignIn(ATTACKER, CAROL.username, CAROL.password)).to.equal(302);
      for (let attempt = 0; attempt < 4; attempt += 1) expect(await webSignIn(ATTACKER, CAROL.username, 'typo')).to.equal(401);
      expect(await webSignIn(ATTACKER, CAROL.username, CAROL.password)).to.equal(302);
    });

    it('ignores a spoofed X-Forwarded-For when trustProxy is off', async () => {
      const spoofed = (forwardedFor: string, password: string) => forwardedSignIn(browserAt(ATTACKER), forwardedFor, password, ATTACKER);
      for (let attempt = 0; attempt < 5; attempt += 1) expect(await spoofed(`198.51.100.${attempt + 1}`, 'guess')).to.equal(401);
      expect(await spoofed('203.0.113.200', CAROL.password)).to.equal(429);
      const failed = await audit('sign-in.failed');
      expect(failed.every((entry) => /127\.0\.0\.7$/.test(entry.address ?? ''))).to.equal(true);
    });
  });

  it('per address: one machine trying many accounts is stopped, others are not', async () => {
    await start({ WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ADDRESS: '3' });
    for (const login of ['nobody', 'someone', CAROL.username]) expect(await webSignIn(ATTACKER, login, 'guess')).to.equal(401);
    expect(await webSignIn(ATTACKER, ADMIN.username, ADMIN.password)).to.equal(429);
    expect(await webSignIn(VICTIM, ADMIN.username, ADMIN.password)).to.equal(302);
    const reached = await audit('sign-in.limit-reached');
    expect(reached.map((entry) => JSON.parse(entry.detail).limit)).to.deep.equal(['address']);
  });

  it('per account from every address: guessing addresses get one try each, Carol from a clean address still signs in', async () => {
    await start({ WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT: '3' });
    for (const address of ['127.0.0.21', '127.0.0.22', '127.0.0.23']) expect(await webSignIn(address, CAROL.username, 'guess')).to.equal(401);
    // An address that already failed is refused now, even with the right password.
    expect(await webSignIn('127.0.0.21', CAROL.username, CAROL.password)).to.equal(429);
    // A new guessing address gets one try, then is refused too.
    expect(await webSignIn('127.0.0.24', CAROL.username, 'guess')).to.equal(401);
    expect(await webSignIn('127.0.0.24', CAROL.username, 'guess again')).to.equal(429);
    expect(await webSignIn(VICTIM, CAROL.username, CAROL.password)).to.equal(302);
    const reached = await audit('sign-in.limit-reached');
    expect(reached.map((entry) => JSON.parse(entry.detail).limit)).to.deep.equal(['account']);
  });

  it('behind a trusted proxy, the address is the one X-Forwarded-For names', async () => {
    await start({ WARBLE_TRUST_PROXY: 'true' });
    const via = (forwardedFor: string, password: string) => forwardedSignIn(new WebClient(testApp), forwardedFor, password);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await via('203.0.113.9', 'guess')).to.equal(401);
    expect(await via('203.0.113.9', CAROL.password)).to.equal(429);
    expect(await via('198.51.100.7', CAROL.password)).to.equal(302);
    const reached = await audit('sign-in.limit-reached');
    expect(reached[0]?.address).to.equal('203.0.113.9');
  });

  it('with Redis, every node counts the same failures: the guesser is refused on the other node, Carol is not', async () => {
    const redisUrl = process.env.WARBLE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const keyPrefix = `warble-test-${randomBytes(6).toString('hex')}:`;
    const env = { WARBLE_REDIS_URL: redisUrl, WARBLE_REDIS_KEY_PREFIX: keyPrefix };
    cleanups.push(async () => {
      const redis = createClient({ url: redisUrl });
      await redis.connect();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.close();
    });
    await start(env);
    const nodeB = await node(env);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await webSignIn(ATTACKER, CAROL.username, 'guess')).to.equal(401);
    testApp = nodeB;
    expect(await webSignIn(ATTACKER, CAROL.username, CAROL.password)).to.equal(429);
    expect(await webSignIn(VICTIM, CAROL.username, CAROL.password)).to.equal(302);
  });

  it('directory (LDAP) sign-in goes through the same limits', async () => {
    const slapd = await startSlapd();
    cleanups.push(() => slapd.close());
    testApp = await startTestApp(ldapEnv(slapd, { WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT_AND_ADDRESS: '3' }));
    const directoryApp = testApp;
    cleanups.push(() => directoryApp.close());
    const bob = slapd.users.bob;
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await webSignIn(ATTACKER, 'bob', 'not-bobs-password')).to.equal(401);
    expect(await webSignIn(ATTACKER, 'bob', bob.password)).to.equal(429);
    expect(await webSignIn(VICTIM, 'bob', bob.password)).to.equal(302);
    expect((await audit('sign-in.limit-reached')).map((entry) => entry.actorLabel)).to.deep.equal(['bob']);
  });
});
