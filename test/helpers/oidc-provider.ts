/**
 * A real OpenID provider for tests: oidc-provider (a certified
 * implementation) on 127.0.0.1 and a free port, with Warble's client, a
 * second client (another application at the same provider) and test
 * accounts. People sign in on the provider's own interaction form, where the
 * login is the account's subject (devInteractions accept any password).
 *
 * `tamperTokenResponse` rewrites the token endpoint's answer on its way out,
 * for tests that prove Warble refuses ID tokens it must not accept.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type JWK } from 'oidc-provider';
import { CookieJar } from './cookie-jar.js';

export interface OidcTestAccount {
  /** The provider's stable id for the person; also what they type as login on the provider's form. */
  sub: string;
  preferred_username?: string;
  email?: string;
  name?: string;
  groups?: string[];
}

export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
}

export type TokenResponseBody = Record<string, unknown> & { id_token?: string };

export interface OidcTestProvider {
  issuer: string;
  /** Warble's registration. */
  client: OidcTestClient;
  /** Another application registered at the same provider (same redirect URIs), for audience refusals. */
  otherClient: OidcTestClient;
  accounts: Map<string, OidcTestAccount>;
  /** Rewrites the token endpoint's JSON answer before it leaves; null: untouched. */
  tamperTokenResponse: ((body: TokenResponseBody) => TokenResponseBody) | null;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  accounts: OidcTestAccount[];
  /** A private signing JWK; two providers given the same key sign tokens the other's keys verify. */
  signingKey?: JWK;
}

/** A fresh RS256 private JWK with a kid. */
export function testSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomBytes(6).toString('hex'), alg: 'RS256', use: 'sig' };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcTestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'warble', clientSecret: randomBytes(16).toString('hex') };
  const otherClient = { clientId: 'other-app', clientSecret: randomBytes(16).toString('hex') };
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));
  const registration = (c: OidcTestClient): ClientMetadata => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: options.redirectUris,
    post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });

  const provider = new Provider(issuer, {
    clients: [registration(client), registration(otherClient)],
    jwks: { keys: [options.signingKey ?? testSigningKey()] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ ...account, email_verified: account.email !== undefined }) };
    },
    // A first-party application: people are not asked to consent (as with a company's own IdP).
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session;
      const clientId = ctx.oidc.client?.clientId;
      if (!session?.accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      return grant;
    },
  });
  const result: OidcTestProvider = {
    issuer,
    client,
    otherClient,
    accounts,
    tamperTokenResponse: null,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'token' && result.tamperTokenResponse && typeof ctx.body === 'object' && ctx.body !== null) {
      ctx.body = result.tamperTokenResponse(ctx.body as TokenResponseBody);
    }
  });
  handle = provider.callback();
  return result;
}

/** WARBLE_* settings that point Warble at this provider as its `client`. */
export function oidcEnv(provider: OidcTestProvider, publicUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WARBLE_PUBLIC_URL: publicUrl,
    WARBLE_AUTH_OIDC_ENABLED: 'true',
    WARBLE_AUTH_OIDC_ISSUER: provider.issuer,
    WARBLE_AUTH_OIDC_CLIENT_ID: provider.client.clientId,
    WARBLE_AUTH_OIDC_CLIENT_SECRET: provider.client.clientSecret,
    WARBLE_AUTH_OIDC_SCOPES: 'openid profile email groups',
    WARBLE_AUTH_OIDC_DISPLAY_NAME: 'Sign in with Contoso',
    WARBLE_AUTH_OIDC_ALLOW_INSECURE_ISSUER: 'true',
    ...extra,
  };
}

/**
 * Plays the browser at the provider: follows its redirects from
 * `authorizationUrl`, posts its login form as `login`, and returns the URL it
 * finally sends the browser to (the relying party's callback with code and state).
 */
export async function signInAtProvider(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<URL> {
  const origin = new URL(authorizationUrl).origin;
  let next: { url: string; init?: RequestInit } = { url: authorizationUrl };
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(next.url, { ...next.init, redirect: 'manual', headers: { ...next.init?.headers, cookie: jar.header() } });
    jar.absorb(response);
    const location = response.headers.get('location');
    if (location) {
      const target = new URL(location, next.url);
      if (target.origin !== origin) return target;
      next = { url: target.href };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const body = prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any' }) : new URLSearchParams({ prompt });
    next = {
      url: new URL(action.replaceAll('&amp;', '&'), next.url).href,
      init: { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    };
  }
  throw new Error('too many redirects at the provider');
}

/**
 * Runs a whole sign-in as another application would (`as`), with a nonce of
 * the test's choosing, and returns the provider's token response: a real,
 * validly signed ID token that was not issued to Warble.
 */
export async function tokensFor(
  provider: OidcTestProvider,
  as: OidcTestClient,
  login: string,
  params: { redirectUri: string; nonce: string },
): Promise<TokenResponseBody> {
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URL(`${provider.issuer}/auth`);
  authorization.search = new URLSearchParams({
    client_id: as.clientId,
    redirect_uri: params.redirectUri,
    response_type: 'code',
    scope: 'openid profile email groups',
    state: randomBytes(8).toString('hex'),
    nonce: params.nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const callback = await signInAtProvider(authorization.href, login);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.href}`);
  const response = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(as.clientId)}:${encodeURIComponent(as.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: params.redirectUri, code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenResponseBody;
}
