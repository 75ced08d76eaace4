/**
 * The token endpoint's grants (RFC 6749 §4): authorization_code (with PKCE),
 * password (through the sign-in use case, so rate limits and the directory
 * apply exactly as on the sign-in page) and client_credentials; and token
 * revocation (RFC 7009). Every grant authenticates the client first.
 */
import type { OAuthAppModel } from '../../db/models/oauth-app.js';
import type { AccessTokenModel } from '../../db/models/access-token.js';
import type { AuthorizationCodeRepository } from '../../db/repositories/authorization-code-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { DomainError } from '../../domain/errors.js';
import { DEFAULT_SCOPES, formatScopes, parseScopes, scopesWithin } from '../../domain/scopes.js';
import type { SignInService } from '../sign-in.js';
import { hashSecret, pkceMatches } from '../token-crypto.js';
import type { TokenService } from '../token-service.js';
import { appScopes, type OAuthAppService } from './app-registry.js';
import { OAuthError, oauthParam } from './oauth-error.js';

/** The token response Mastodon clients expect. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  /** Unix seconds. */
  created_at: number;
}

type Params = Record<string, unknown>;

export class TokenGrantService {
  constructor(
    private readonly apps: OAuthAppService,
    private readonly codes: AuthorizationCodeRepository,
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
    private readonly signIn: SignInService,
  ) {}

  async exchange(params: Params, address: string): Promise<TokenResponse> {
    const grantType = oauthParam(params, 'grant_type');
    if (grantType === '') throw new OAuthError('invalid_request', 'grant_type is required');
    if (!['authorization_code', 'password', 'client_credentials'].includes(grantType)) {
      throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
    }
    const app = await this.authenticateClient(params);
    if (grantType === 'authorization_code') return this.authorizationCode(app, params);
    if (grantType === 'password') return this.password(app, params, address);
    return this.clientCredentials(app, params);
  }

  /** RFC 7009: unknown tokens are not an error; another app's token is. */
  async revoke(params: Params): Promise<void> {
    const app = await this.authenticateClient(params);
    const token = await this.tokens.findByToken(oauthParam(params, 'token'));
    if (!token) return;
    if (token.appId !== app.id) throw new OAuthError('unauthorized_client', 'This token belongs to another application', 403);
    await this.tokens.revokeById(token.id);
  }

  private async authenticateClient(params: Params): Promise<OAuthAppModel> {
    const app = await this.apps.authenticateClient(oauthParam(params, 'client_id'), oauthParam(params, 'client_secret'));
    if (!app) throw new OAuthError('invalid_client', 'Client authentication failed');
    return app;
  }

  private async authorizationCode(app: OAuthAppModel, params: Params): Promise<TokenResponse> {
    const code = oauthParam(params, 'code');
    const record = code === '' ? null : await this.codes.findByHash(hashSecret(code));
    if (!record || record.appId !== app.id) throw new OAuthError('invalid_grant', 'The authorization code is invalid');
    if (record.usedAt) {
      // A replayed code may be stolen: withdraw what the first exchange issued.
      if (record.accessTokenId) await this.tokens.revokeById(record.accessTokenId);
      throw new OAuthError('invalid_grant', 'The authorization code was already used');
    }
    if (record.expiresAt.getTime() <= Date.now()) throw new OAuthError('invalid_grant', 'The authorization code has expired');
    if (oauthParam(params, 'redirect_uri') !== record.redirectUri) {
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    const verifier = oauthParam(params, 'code_verifier');
    if (record.codeChallenge ? !pkceMatches(verifier, record.codeChallenge) : verifier !== '') {
      throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge');
    }
    if (!(await this.codes.claim(record.id, new Date()))) throw new OAuthError('invalid_grant', 'The authorization code was already used');
    const user = await this.users.findById(record.userId);
    if (!user || user.deactivatedAt || user.suspendedAt) throw new OAuthError('invalid_grant', 'The account is not active');
    const issued = await this.tokens.issue({ kind: 'oauth', userId: user.id, appId: app.id, scopes: record.scopes.split(' ') });
    await this.codes.recordToken(record.id, issued.record.id);
    return respond(issued);
  }

  private async password(app: OAuthAppModel, params: Params, address: string): Promise<TokenResponse> {
    const scopes = this.scopesFor(app, params);
    const login = oauthParam(params, 'username');
    let userId: string;
    try {
      userId = (await this.signIn.signIn({ login, password: oauthParam(params, 'password'), address })).id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'E_RATE_LIMITED') throw new OAuthError('invalid_grant', error.message, 429, error.retryAfterSeconds);
      if (error.code === 'E_DIRECTORY_UNAVAILABLE') throw new OAuthError('temporarily_unavailable', error.message, 503);
      throw new OAuthError('invalid_grant', 'Wrong user name or password');
    }
    return respond(await this.tokens.issue({ kind: 'oauth', userId, appId: app.id, scopes }));
  }

  private async clientCredentials(app: OAuthAppModel, params: Params): Promise<TokenResponse> {
    const scopes = this.scopesFor(app, params);
    return respond(await this.tokens.issue({ kind: 'oauth', userId: null, appId: app.id, scopes }));
  }

  private scopesFor(app: OAuthAppModel, params: Params): string[] {
    const parsed = parseScopes(params.scope);
    if (!parsed.ok) throw new OAuthError('invalid_scope', `Unknown scope: ${parsed.unknown}`);
    const registered = appScopes(app);
    // No scope asked: Mastodon's default, or everything the app registered if that does not include it.
    const scopes = oauthParam(params, 'scope').trim() === '' && !scopesWithin(DEFAULT_SCOPES, registered) ? registered : parsed.scopes;
    if (!scopesWithin(scopes, registered)) throw new OAuthError('invalid_scope', 'The requested scopes exceed those the application registered');
    return scopes;
  }
}

function respond(issued: { token: string; record: AccessTokenModel }): TokenResponse {
  return {
    access_token: issued.token,
    token_type: 'Bearer',
    scope: formatScopes(issued.record.scopes.split(' ')),
    created_at: Math.floor(issued.record.createdAt.getTime() / 1000),
  };
}
