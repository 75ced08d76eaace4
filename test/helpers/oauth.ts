/**
 * OAuth client steps for API tests, done the way a Mastodon client does them
 * over real HTTP: register an app, walk the consent page, exchange the code.
 */
import { createHash, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import type { TestApp } from './test-app.js';
import { csrfTokenIn, type WebClient } from './web-client.js';

export const REDIRECT_URI = 'https://client.example/callback';

export interface RegisteredApp {
  id: string;
  client_id: string;
  client_secret: string;
}

export async function registerApp(testApp: TestApp, scopes = 'read write follow', redirectUris = REDIRECT_URI): Promise<RegisteredApp> {
  const response = await supertest(testApp.callback)
    .post('/api/v1/apps')
    .send({ client_name: 'Test client', redirect_uris: redirectUris, scopes, website: 'https://client.example' })
    .expect(200);
  return response.body as RegisteredApp;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Hidden fields of the consent form, exactly as the page rendered them. */
export function consentFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/oauth\/authorize"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = match[2]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');
  }
  return fields;
}

/** A signed-in person opens the consent page and presses Approve (or Deny); returns the response to the form post. */
export async function decide(client: WebClient, authorizeUrl: string, decision: 'approve' | 'deny') {
  const page = await client.get(authorizeUrl).expect(200);
  const fields = { ...consentFields(page.text), _csrf: csrfTokenIn(page.text), decision };
  return client.agent.post('/oauth/authorize').type('form').set('Accept', 'text/html').send(fields);
}

export function authorizeUrl(app: RegisteredApp, params: Record<string, string> = {}, path = '/oauth/authorize'): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT_URI, scope: 'read', ...params });
  return `${path}?${query.toString()}`;
}

/** The code a redirect carries. */
export function codeFrom(location: string | undefined): string {
  const code = new URL(location ?? 'about:blank').searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export async function passwordToken(testApp: TestApp, app: RegisteredApp, username: string, password: string, scope = 'read write follow'): Promise<string> {
  const response = await supertest(testApp.callback)
    .post('/oauth/token')
    .send({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username, password, scope })
    .expect(200);
  return (response.body as { access_token: string }).access_token;
}
