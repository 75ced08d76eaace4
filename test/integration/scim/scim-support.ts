/**
 * A Warble with SCIM switched on, a client that speaks to /scim/v2 the way an
 * identity provider does (bearer token, application/scim+json), and the
 * means to give a provisioned person a real session and API token (SCIM
 * people sign in through single sign-on, which these tests do not need).
 */
import { createHmac, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { SESSION_COOKIE } from '../../../server/http/middleware/session.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

export const SCIM_TOKEN = 'scim-test-token-0123456789abcdef0123456789abcdef';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function startScimApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ WARBLE_AUTH_SCIM_ENABLED: 'true', WARBLE_AUTH_SCIM_TOKEN: SCIM_TOKEN, ...env });
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Requests as Entra ID and Okta send them. */
export function scim(testApp: TestApp, token: string | null = SCIM_TOKEN) {
  const request = (method: Method, path: string, body?: unknown) => {
    const call = supertest(testApp.callback)[method](`/scim/v2${path}`).set('Accept', 'application/scim+json');
    if (token !== null) call.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) call.set('Content-Type', 'application/scim+json').send(JSON.stringify(body));
    return call;
  };
  return {
    get: (path: string) => request('get', path),
    post: (path: string, body: unknown) => request('post', path, body),
    put: (path: string, body: unknown) => request('put', path, body),
    patch: (path: string, body: unknown) => request('patch', path, body),
    delete: (path: string) => request('delete', path),
  };
}

/** koa-session's signed cookie (Keygrip: HMAC-SHA1, base64url), as the browser would hold it after signing in. */
function signedCookie(name: string, value: string, secret: string): string {
  const signature = createHmac('sha1', secret).update(`${name}=${value}`).digest('base64url');
  return `${name}=${value}; ${name}.sig=${signature}`;
}

/** A live browser session for the person, as single sign-on would have opened it; returns its Cookie header. */
export async function openSession(testApp: TestApp, userId: string): Promise<string> {
  const key = randomBytes(24).toString('base64url');
  await testApp.container.sessionStore.set(key, { userId, csrfSecret: randomBytes(18).toString('base64url') }, 3600_000);
  return signedCookie(SESSION_COOKIE, key, testApp.container.sessionSecret);
}

/** A personal API token of the person. */
export async function issueToken(testApp: TestApp, userId: string): Promise<string> {
  const { token } = await testApp.container.tokens.issue({ kind: 'personal', userId, appId: null, name: 'scim test', scopes: ['read', 'write'] });
  return token;
}

/** Who the session cookie signs in as on a page (200 with the settings page, or a redirect to sign in). */
export function settingsWith(testApp: TestApp, cookie: string) {
  return supertest(testApp.callback).get('/settings').set('Accept', 'text/html').set('Cookie', cookie);
}

export function verifyCredentials(testApp: TestApp, token: string) {
  return supertest(testApp.callback).get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`);
}
