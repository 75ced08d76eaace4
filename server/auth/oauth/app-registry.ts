/**
 * Client applications (Mastodon's POST /api/v1/apps): registration with
 * validated redirect URIs and scopes, and client authentication. The client
 * secret is shown once at registration and stored as a hash.
 */
import type { OAuthAppModel } from '../../db/models/oauth-app.js';
import type { OAuthAppRepository } from '../../db/repositories/oauth-app-repository.js';
import { validationError } from '../../domain/errors.js';
import { parseScopes } from '../../domain/scopes.js';
import { hashSecret, newSecret, safeEqual } from '../token-crypto.js';

/** Out-of-band redirect: the code is shown on a page for the person to paste. */
export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';

export interface AppRegistration {
  clientName: unknown;
  redirectUris: unknown;
  scopes: unknown;
  website: unknown;
}

const MAX_REDIRECT_URIS = 10;
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

/** An absolute URI a browser may be sent to with a code, or the out-of-band marker. */
export function isAcceptableRedirectUri(value: string): boolean {
  if (value === OOB_REDIRECT_URI) return true;
  if (value.length > 2000) return false;
  try {
    const url = new URL(value);
    return !FORBIDDEN_SCHEMES.has(url.protocol) && url.hash === '';
  } catch {
    return false;
  }
}

function redirectUrisOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return [...new Set(list.filter((uri): uri is string => typeof uri === 'string').map((uri) => uri.trim()).filter(Boolean))];
}

export class OAuthAppService {
  constructor(private readonly apps: OAuthAppRepository) {}

  async register(input: AppRegistration): Promise<{ app: OAuthAppModel; clientSecret: string }> {
    const name = typeof input.clientName === 'string' ? input.clientName.trim() : '';
    if (name === '' || name.length > 200) throw validationError('client_name', 'client_name is required (at most 200 characters)');
    const redirectUris = redirectUrisOf(input.redirectUris);
    if (redirectUris.length === 0) throw validationError('redirect_uris', 'redirect_uris is required');
    if (redirectUris.length > MAX_REDIRECT_URIS) throw validationError('redirect_uris', `At most ${MAX_REDIRECT_URIS} redirect_uris`);
    const badUri = redirectUris.find((uri) => !isAcceptableRedirectUri(uri));
    if (badUri !== undefined) throw validationError('redirect_uris', 'redirect_uris must be absolute URIs without a fragment');
    const scopes = parseScopes(input.scopes);
    if (!scopes.ok) throw validationError('scopes', `Unknown scope: ${scopes.unknown}`);
    let website: string | null = null;
    if (typeof input.website === 'string' && input.website.trim() !== '') {
      website = input.website.trim();
      if (!/^https?:\/\//i.test(website) || !URL.canParse(website) || website.length > 2048) {
        throw validationError('website', 'website must be an http(s) URL');
      }
    }
    const clientSecret = newSecret();
    const app = await this.apps.create({
      name,
      website,
      redirectUris,
      scopes: scopes.scopes,
      clientId: newSecret(),
      clientSecretHash: hashSecret(clientSecret),
    });
    return { app, clientSecret };
  }

  findByClientId(clientId: string): Promise<OAuthAppModel | null> {
    return clientId === '' ? Promise.resolve(null) : this.apps.findByClientId(clientId);
  }

  findById(id: string): Promise<OAuthAppModel | null> {
    return this.apps.findById(id);
  }

  findByIds(ids: readonly string[]): Promise<OAuthAppModel[]> {
    return this.apps.findByIds(ids);
  }

  /** The app when the id and secret match, else null; the secret is compared in constant time. */
  async authenticateClient(clientId: string, clientSecret: string): Promise<OAuthAppModel | null> {
    const app = await this.findByClientId(clientId);
    const expected = app?.clientSecretHash ?? hashSecret(newSecret());
    const matches = safeEqual(hashSecret(clientSecret), expected);
    return app && matches && clientSecret !== '' ? app : null;
  }
}

export const appRedirectUris = (app: OAuthAppModel) => app.redirectUris.split('\n').filter(Boolean);
export const appScopes = (app: OAuthAppModel) => app.scopes.split(' ').filter(Boolean);
