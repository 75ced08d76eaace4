/**
 * CSRF protection for every state-changing request made with a session
 * cookie: a token from the form field `_csrf` or the `X-CSRF-Token` header,
 * checked against the session's secret (pillarjs `csrf` tokens). It fails
 * closed: no session, no secret or no token is a 403. Requests carrying a
 * bearer token skip it (no ambient cookie authority is used for them).
 */
import Tokens from 'csrf';
import { DomainError } from '../../domain/errors.js';
import { isApiPath, type AppContext, type AppMiddleware } from '../context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const tokens = new Tokens();

export const csrfRefused = () => new DomainError('E_CSRF', 'Invalid or missing CSRF token. Reload the page and try again.', 403);

export function hasBearerToken(authorization: string | undefined): boolean {
  return typeof authorization === 'string' && /^Bearer\s+\S+/i.test(authorization);
}

/** Checks the request's token (form field `_csrf` or `X-CSRF-Token`) against the session; throws E_CSRF. */
export function verifyCsrf(ctx: AppContext): void {
  const session = ctx.session;
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const fromBody = typeof body?._csrf === 'string' ? body._csrf : '';
  const token = fromBody || ctx.get('x-csrf-token');
  if (!session?.csrfSecret || !token || !tokens.verify(session.csrfSecret, token)) throw csrfRefused();
}

export interface CsrfOptions {
  exemptPaths?: (path: string) => boolean;
  /**
   * Paths whose multipart forms are checked by the route itself with
   * verifyCsrf(), once it has parsed the body (the token is a form field
   * the body parser cannot see in a multipart body). Only for routes that do so.
   */
  multipartCheckedByRoute?: (path: string) => boolean;
}

export function csrfProtection(options: CsrfOptions = {}): AppMiddleware {
  return async (ctx, next) => {
    const session = ctx.session;
    // Only pages mint a secret: API reads (often by bearer clients) must not create a session row each time.
    const mintsSecret = SAFE_METHODS.has(ctx.method) && !isApiPath(ctx.path) && !hasBearerToken(ctx.get('authorization'));
    if (session && !session.csrfSecret && mintsSecret) session.csrfSecret = tokens.secretSync();
    ctx.state.csrfToken = session?.csrfSecret ? tokens.create(session.csrfSecret) : '';
    if (SAFE_METHODS.has(ctx.method) || hasBearerToken(ctx.get('authorization')) || options.exemptPaths?.(ctx.path)) {
      return next();
    }
    if (ctx.is('multipart/form-data') && options.multipartCheckedByRoute?.(ctx.path)) return next();
    verifyCsrf(ctx);
    await next();
  };
}
