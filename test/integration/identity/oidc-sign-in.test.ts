import { expect } from 'chai';
import { seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import {
  oidcEnv,
  signInAtProvider,
  startOidcProvider,
  testSigningKey,
  tokensFor,
  type OidcTestProvider,
  type TokenResponseBody,
} from '../../helpers/oidc-provider.js';

const PUBLIC_URL = 'http://warble.test';
const CALLBACK = `${PUBLIC_URL}/auth/oidc/callback`;

describe('OpenID Connect sign-in (real oidc-provider)', function () {
  let provider: OidcTestProvider;
  let testApp: TestApp;

  before(async function () {
    provider = await startOidcProvider({
      redirectUris: [CALLBACK],
      postLogoutRedirectUris: [`${PUBLIC_URL}/login`],
      accounts: [
        { sub: 'u-alice-7f3', preferred_username: 'alice@contoso.com', email: 'alice@contoso.com', name: 'Alice Liddell', groups: ['Engineering', 'warble-admins'] },
        { sub: 'u-carol-19', preferred_username: 'carol', email: 'carol@contoso.com', name: 'Carol Danvers', groups: ['Engineering'] },
        // Someone at the provider whose (self-chosen) user name is that of Warble's local account "bob".
        { sub: 'u-mallory-66', preferred_username: 'bob', email: 'mallory@contoso.com', name: 'Mallory' },
      ],
    });
    testApp = await startTestApp(oidcEnv(provider, PUBLIC_URL, { WARBLE_AUTH_OIDC_ADMIN_GROUP: 'warble-admins' }));
    await seedPeople(testApp);
  });
  after(async function () {
    await testApp?.close();
    await provider?.close();
  });
  afterEach(function () {
    provider.tamperTokenResponse = null;
  });

  /** Starts at Warble, signs in at the provider, and returns the callback path the browser would load. */
  async function throughProvider(client: WebClient, login: string, start = '/auth/oidc'): Promise<string> {
    const started = await client.get(start).expect(302);
    const callback = await signInAtProvider(started.headers.location!, login);
    expect(callback.origin + callback.pathname).to.equal(CALLBACK);
    return callback.pathname + callback.search;
  }

  it('shows the provider button on the sign-in page', async function () {
    const page = await new WebClient(testApp).get('/login').expect(200);
    expect(page.text).to.include('href="/auth/oidc"');
    expect(page.text).to.include('Sign in with Contoso');
  });

  it('signs in a new person just in time, with groups, admin flag and a fresh session', async function () {
    const client = new WebClient(testApp);
    const callbackPath = await throughProvider(client, 'u-alice-7f3', '/auth/oidc?returnTo=%2Fgroups');
    const done = await client.get(callbackPath).expect(302);
    expect(done.headers.location).to.equal('/groups');
    const alice = await testApp.container.users.findByUsername('alice');
    expect(alice!.get({ plain: true })).to.include({ source: 'oidc', displayName: 'Alice Liddell', email: 'alice@contoso.com', isAdmin: true });
    expect(alice!.lastSignInAt).to.be.instanceOf(Date);
    const home = await client.get('/').expect(200);
    expect(home.text).to.include('Alice Liddell');
    const audit = await testApp.container.models.AuditEvent.findAll({ where: { action: 'sign-in.succeeded', actorId: alice!.id } });
    expect(audit.map((row) => JSON.parse(String(row.get('detail'))))).to.deep.include({ method: 'oidc', issuer: provider.issuer, account: 'created' });
  });

  /** Whether the browser behind `client` is signed in (the home page shows the sign-out form). */
  const signedIn = async (client: WebClient) => (await client.get('/')).status === 200;
  const lastFailure = async () => {
    const rows = await testApp.container.models.AuditEvent.findAll({ where: { action: 'sign-in.failed' }, order: [['id', 'DESC']], limit: 1 });
    return JSON.parse(String(rows[0]?.get('detail') ?? '{}')) as Record<string, string>;
  };

  it('finds the person again by subject on the next sign-in, and mirrors their groups as Warble groups', async function () {
    const client = new WebClient(testApp);
    await client.get(await throughProvider(client, 'u-carol-19')).expect(302);
    provider.accounts.get('u-carol-19')!.groups = ['Support'];
    provider.accounts.get('u-carol-19')!.name = 'Carol D.';
    const again = new WebClient(testApp);
    await again.get(await throughProvider(again, 'u-carol-19')).expect(302);
    const carol = await testApp.container.users.findByUsername('carol');
    expect(carol!.displayName).to.equal('Carol D.');
    const memberships = await testApp.container.models.GroupMembership.findAll({ where: { userId: carol!.id, state: 'active' } });
    const groups = await testApp.container.models.Group.findAll({ where: { id: memberships.map((row) => row.groupId) } });
    expect(groups.map((group) => [group.name, group.source])).to.deep.equal([['Support', 'oidc']]);
    expect(await testApp.container.externalIdentities.listForUser(carol!.id)).to.have.length(1);
  });

  it('never takes over the local account whose user name the provider claims', async function () {
    const client = new WebClient(testApp);
    const refused = await client.get(await throughProvider(client, 'u-mallory-66')).expect(403);
    expect(refused.text).to.include('An account named bob already exists');
    expect(await signedIn(client)).to.equal(false);
    const bob = await testApp.container.users.findByUsername('bob');
    expect(bob!.get({ plain: true })).to.include({ source: 'local', displayName: 'Bob Builder' });
    expect(await testApp.container.externalIdentities.listForUser(bob!.id)).to.deep.equal([]);
    expect(await lastFailure()).to.include({ method: 'oidc', reason: 'username-taken', subject: 'u-mallory-66' });
  });

  it('refuses a suspended account even though the provider vouches for it', async function () {
    const alice = await testApp.container.users.findByUsername('alice');
    await alice!.update({ suspendedAt: new Date() });
    try {
      const client = new WebClient(testApp);
      const refused = await client.get(await throughProvider(client, 'u-alice-7f3')).expect(403);
      expect(refused.text).to.include('This account is suspended');
      expect(await signedIn(client)).to.equal(false);
    } finally {
      await alice!.update({ suspendedAt: null });
    }
  });

  it('refuses a callback whose state is not the one this browser was given', async function () {
    const client = new WebClient(testApp);
    const callback = new URL(await throughProvider(client, 'u-carol-19'), PUBLIC_URL);
    callback.searchParams.set('state', 'forged-state');
    await client.get(callback.pathname + callback.search).expect(400);
    expect(await signedIn(client)).to.equal(false);
    expect(await lastFailure()).to.include({ method: 'oidc', reason: 'failed' });
  });

  it('refuses a callback replayed, or carried to another browser (login CSRF)', async function () {
    const client = new WebClient(testApp);
    const callbackPath = await throughProvider(client, 'u-carol-19');
    const stranger = new WebClient(testApp);
    await stranger.get(callbackPath).expect(400);
    expect(await signedIn(stranger)).to.equal(false);
    await client.get(callbackPath).expect(302);
    const replay = await client.get(callbackPath).expect(400);
    expect(replay.text).to.include('already used');
  });

  it('refuses an ID token whose nonce is not the one Warble sent', async function () {
    const client = new WebClient(testApp);
    const started = await client.get('/auth/oidc').expect(302);
    const authorization = new URL(started.headers.location!);
    authorization.searchParams.set('nonce', 'someone-elses-nonce');
    const callback = await signInAtProvider(authorization.href, 'u-carol-19');
    await client.get(callback.pathname + callback.search).expect(400);
    expect(await signedIn(client)).to.equal(false);
    expect(await lastFailure()).to.include({ claim: 'nonce' });
  });

  it('refuses a code that was asked for with another PKCE challenge', async function () {
    const client = new WebClient(testApp);
    const started = await client.get('/auth/oidc').expect(302);
    const authorization = new URL(started.headers.location!);
    authorization.searchParams.set('code_challenge', 'A'.repeat(43));
    const callback = await signInAtProvider(authorization.href, 'u-carol-19');
    await client.get(callback.pathname + callback.search).expect(400);
    expect(await signedIn(client)).to.equal(false);
  });

  /** Warble's own flow, with the token response rewritten by `tamper` (given Warble's nonce). */
  async function withTamperedTokens(tamper: (body: TokenResponseBody, nonce: string) => Promise<TokenResponseBody> | TokenResponseBody) {
    const client = new WebClient(testApp);
    const started = await client.get('/auth/oidc').expect(302);
    const nonce = new URL(started.headers.location!).searchParams.get('nonce')!;
    const callback = await signInAtProvider(started.headers.location!, 'u-carol-19');
    // Computed before the interceptor is armed: tokensFor itself goes through the token endpoint.
    const replacement = await tamper({}, nonce);
    provider.tamperTokenResponse = (body) => ({ ...body, ...replacement });
    const response = await client.get(callback.pathname + callback.search);
    return { response, signedIn: await signedIn(client) };
  }

  it('refuses a real ID token issued to another application (wrong audience)', async function () {
    const { response, signedIn: inside } = await withTamperedTokens(async (_body, nonce) => {
      const other = await tokensFor(provider, provider.otherClient, 'u-carol-19', { redirectUri: CALLBACK, nonce });
      return { id_token: other.id_token, access_token: other.access_token };
    });
    expect(response.status).to.equal(400);
    expect(inside).to.equal(false);
    expect((await lastFailure()).error).to.match(/aud/);
  });

  it('refuses an ID token whose claims were altered after signing', async function () {
    const { response, signedIn: inside } = await withTamperedTokens(async (_body, nonce) => {
      const real = await tokensFor(provider, provider.client, 'u-carol-19', { redirectUri: CALLBACK, nonce });
      const [header, payload, signature] = real.id_token!.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u-alice-7f3' })).toString('base64url');
      return { id_token: `${header}.${forged}.${signature}`, access_token: real.access_token };
    });
    expect(response.status).to.equal(400);
    expect(inside).to.equal(false);
    expect((await lastFailure()).error).to.match(/signature/i);
  });

  it('refuses an unsigned ID token (alg "none")', async function () {
    const { response, signedIn: inside } = await withTamperedTokens(async (_body, nonce) => {
      const real = await tokensFor(provider, provider.client, 'u-carol-19', { redirectUri: CALLBACK, nonce });
      const payload = real.id_token!.split('.')[1];
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return { id_token: `${header}.${payload}.`, access_token: real.access_token };
    });
    expect(response.status).to.equal(400);
    expect(inside).to.equal(false);
    expect(await lastFailure()).to.include({ step: 'verification' });
    expect((await lastFailure()).error).to.match(/alg|JWS|signature/i);
  });

  it('refuses an ID token from another issuer, even one signed with the same key', async function () {
    const sharedKey = testSigningKey();
    const impostor = await startOidcProvider({ redirectUris: [CALLBACK], accounts: [...provider.accounts.values()], signingKey: sharedKey });
    const twin = await startOidcProvider({ redirectUris: [CALLBACK], accounts: [...provider.accounts.values()], signingKey: sharedKey });
    try {
      const app = await startTestApp(oidcEnv(twin, PUBLIC_URL));
      try {
        await seedPeople(app);
        const client = new WebClient(app);
        const started = await client.get('/auth/oidc').expect(302);
        const nonce = new URL(started.headers.location!).searchParams.get('nonce')!;
        const callback = await signInAtProvider(started.headers.location!, 'u-carol-19');
        // The impostor registered a client with the same id (its own secret): a real ID token for Warble's client id and nonce.
        const foreign = await tokensFor(impostor, impostor.client, 'u-carol-19', { redirectUri: CALLBACK, nonce });
        twin.tamperTokenResponse = (body) => ({ ...body, id_token: foreign.id_token });
        const response = await client.get(callback.pathname + callback.search);
        expect(response.status).to.equal(400);
        expect(await app.container.users.findByUsername('carol')).to.equal(null);
        const rows = await app.container.models.AuditEvent.findAll({ where: { action: 'sign-in.failed' } });
        expect(rows.map((row) => String(row.get('detail'))).join()).to.match(/iss/);
      } finally {
        await app.close();
      }
    } finally {
      await impostor.close();
      await twin.close();
    }
  });

  it('signs out at the provider too (RP-initiated logout), back to the sign-in page', async function () {
    const client = new WebClient(testApp);
    await client.get(await throughProvider(client, 'u-carol-19')).expect(302);
    const home = await client.get('/').expect(200);
    const out = await client.agent.post('/logout').type('form').send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(home.text)![1] }).expect(302);
    const endSession = new URL(out.headers.location!);
    expect(endSession.origin).to.equal(provider.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).to.equal(`${PUBLIC_URL}/login`);
    expect(endSession.searchParams.get('id_token_hint')).to.be.a('string');
    const atProvider = await fetch(endSession);
    expect(atProvider.status).to.equal(200);
    expect(await signedIn(client)).to.equal(false);
  });
});
