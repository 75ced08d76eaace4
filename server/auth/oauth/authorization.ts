/**
 * The authorisation endpoint's rules (RFC 6749 §4.1, PKCE RFC 7636): which
 * requests may be shown to the person for consent, and what an approval or
 * a refusal sends back to the client. The page and its forms live in
 * http/routes/oauth; every value is re-checked on approval, never trusted
 * from hidden fields.
 */
import type { OAuthAppModel } from '../../db/models/oauth-app.js';
import type { AuthorizationCodeRepository } from '../../db/repositories/authorization-code-repository.js';
import { parseScopes, scopesWithin } from '../../domain/scopes.js';
import { hashSecret, newSecret } from '../token-crypto.js';
import { appRedirectUris, appScopes, OOB_REDIRECT_URI, type OAuthAppService } from './app-registry.js';
import { OAuthError, oauthParam } from './oauth-error.js';

/** Mastodon's codes live ten minutes. */
const CODE_LIFETIME_MS = 10 * 60_000;
const CHALLENGE_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface AuthorizationRequest {
  app: OAuthAppModel;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
}

export type AuthorizationCheck =
  | { ok: true; request: AuthorizationRequest }
  /** The client is known and its redirect URI checked: the error goes back to it. */
  | { ok: false; redirectTo: string }
  /** Unknown client, bad redirect URI, or an out-of-band client: show the error to the person. */
  | { ok: false; error: OAuthError };

/** What the person's decision leads to: back to the client, or (out of band) a page showing the code. */
export type AuthorizationOutcome = { redirectTo: string } | { showCode: string } | { denied: true };

export const isOutOfBand = (redirectUri: string) => redirectUri === OOB_REDIRECT_URI;

/** The redirect URI with `params` added to its query (keeping the query it already has). */
export function redirectWith(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== '') url.searchParams.set(key, value);
  }
  return url.toString();
}

export class AuthorizationService {
  constructor(
    private readonly apps: OAuthAppService,
    private readonly codes: AuthorizationCodeRepository,
  ) {}

  async check(params: Record<string, unknown>): Promise<AuthorizationCheck> {
    const app = await this.apps.findByClientId(oauthParam(params, 'client_id'));
    if (!app) return { ok: false, error: new OAuthError('invalid_client', 'Unknown client_id', 400) };
    const registered = appRedirectUris(app);
    const asked = oauthParam(params, 'redirect_uri');
    const redirectUri = asked === '' && registered.length === 1 ? registered[0]! : asked;
    if (!registered.includes(redirectUri)) {
      return { ok: false, error: new OAuthError('invalid_request', 'redirect_uri is not registered for this application') };
    }
    const state = oauthParam(params, 'state');
    const refuse = (error: OAuthError): AuthorizationCheck =>
      isOutOfBand(redirectUri)
        ? { ok: false, error }
        : { ok: false, redirectTo: redirectWith(redirectUri, { error: error.error, error_description: error.description, state }) };

    if (oauthParam(params, 'response_type') !== 'code') {
      return refuse(new OAuthError('unsupported_response_type', 'response_type must be code'));
    }
    const scopes = parseScopes(params.scope);
    if (!scopes.ok) return refuse(new OAuthError('invalid_scope', `Unknown scope: ${scopes.unknown}`));
    if (!scopesWithin(scopes.scopes, appScopes(app))) {
      return refuse(new OAuthError('invalid_scope', 'The requested scopes exceed those the application registered'));
    }
    const challenge = oauthParam(params, 'code_challenge');
    const method = oauthParam(params, 'code_challenge_method');
    if (challenge === '' && method !== '') return refuse(new OAuthError('invalid_request', 'code_challenge is missing'));
    if (challenge !== '' && method !== 'S256') return refuse(new OAuthError('invalid_request', 'code_challenge_method must be S256'));
    if (challenge !== '' && !CHALLENGE_PATTERN.test(challenge)) return refuse(new OAuthError('invalid_request', 'code_challenge is malformed'));
    return {
      ok: true,
      request: {
        app,
        redirectUri,
        scopes: scopes.scopes,
        state,
        codeChallenge: challenge === '' ? null : challenge,
        codeChallengeMethod: challenge === '' ? null : 'S256',
      },
    };
  }

  /** Issues a one-time code for the person's approval. */
  async approve(userId: string, request: AuthorizationRequest, now = new Date()): Promise<AuthorizationOutcome> {
    const code = newSecret();
    await this.codes.create({
      codeHash: hashSecret(code),
      appId: request.app.id,
      userId,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
    });
    if (isOutOfBand(request.redirectUri)) return { showCode: code };
    return { redirectTo: redirectWith(request.redirectUri, { code, state: request.state }) };
  }

  deny(request: AuthorizationRequest): AuthorizationOutcome {
    if (isOutOfBand(request.redirectUri)) return { denied: true };
    return {
      redirectTo: redirectWith(request.redirectUri, {
        error: 'access_denied',
        error_description: 'The person refused the authorisation',
        state: request.state,
      }),
    };
  }
}
