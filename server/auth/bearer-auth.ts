/**
 * Bearer-token authentication for the API, and the scope guard.
 *
 * A request with `Authorization: Bearer …` is judged by its token alone: the
 * session cookie it may also carry is ignored (CSRF checks are skipped for
 * such requests, so the cookie must not add authority). Tokens are honoured
 * only under /api and for reading /media files (acceptsBearerToken); on any
 * other path a bearer request is anonymous, so a token can never approve an
 * OAuth consent page or post a settings form.
 */
import type { UserRepository } from '../db/repositories/user-repository.js';
import { DomainError } from '../domain/errors.js';
import { grantsAnyWrite, scopesAllow } from '../domain/scopes.js';
import { acceptsBearerToken, type AppContext, type AppMiddleware } from '../http/context.js';
import { hasBearerToken } from '../http/middleware/csrf.js';
import type { TokenService } from './token-service.js';

export const INVALID_TOKEN_MESSAGE = 'The access token is invalid';
export const SCOPE_DENIED_MESSAGE = 'This action is outside the authorized scopes';

function invalidToken(ctx: AppContext): DomainError {
  ctx.set('WWW-Authenticate', 'Bearer error="invalid_token", error_description="The access token is invalid"');
  return new DomainError('E_TOKEN_INVALID', INVALID_TOKEN_MESSAGE, 401);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const scopeDenied = () => new DomainError('E_SCOPE_DENIED', SCOPE_DENIED_MESSAGE, 403);

/** Runs after currentUser: replaces the cookie's identity with the token's on bearer requests. */
export function bearerAuth(tokens: TokenService, users: UserRepository): AppMiddleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (!hasBearerToken(header)) return next();
    ctx.state.user = undefined;
    if (!acceptsBearerToken(ctx.method, ctx.path)) return next();
    const identity = await tokens.authenticate(header.replace(/^Bearer\s+/i, '').trim());
    if (!identity) throw invalidToken(ctx);
    if (identity.userId !== null) {
      const user = await users.findById(identity.userId);
      if (!user || user.deactivatedAt || user.suspendedAt) throw invalidToken(ctx);
      ctx.state.user = user;
    }
    ctx.state.token = { id: identity.id, scopes: identity.scopes, appId: identity.appId };
    // A floor under every route's own requireScope: a read-only token never changes anything.
    if (!SAFE_METHODS.has(ctx.method) && !grantsAnyWrite(identity.scopes)) throw scopeDenied();
    await next();
  };
}

/**
 * Lets a token through when its scopes cover at least one of `alternatives`
 * (Mastodon's hierarchy: `write` covers `write:statuses`…). Session-cookie
 * requests hold every scope.
 */
export function requireScope(...alternatives: [string, ...string[]]): AppMiddleware {
  return async (ctx, next) => {
    const token = ctx.state.token;
    if (token && !scopesAllow(token.scopes, alternatives)) {
      throw scopeDenied();
    }
    await next();
  };
}

/** A person or an app (client_credentials) token: endpoints any authenticated client may read. */
export const requireClient: AppMiddleware = async (ctx, next) => {
  if (!ctx.state.user && !ctx.state.token) throw new DomainError('E_UNAUTHENTICATED', 'This method requires an authenticated client', 401);
  await next();
};
