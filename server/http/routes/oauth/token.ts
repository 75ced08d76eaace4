/**
 * The token and revocation endpoints (POST /oauth/token, POST /oauth/revoke).
 * Bodies come as form data or JSON; client credentials in the body or as
 * HTTP Basic. Answers are RFC 6749 JSON, never cached.
 */
import Router from '@koa/router';
import { OAuthError } from '../../../auth/oauth/oauth-error.js';
import type { TokenGrantService } from '../../../auth/oauth/token-grants.js';
import type { AppContext, AppState } from '../../context.js';
import { refuseUnacceptableFields } from '../../text-input.js';

/** One half of HTTP Basic credentials, form-urlencoded as RFC 6749 §2.3.1 asks. */
function basicPart(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials');
  }
}

/** The request's parameters, with HTTP Basic client credentials (RFC 6749 §2.3.1) taking precedence. */
function oauthParams(ctx: AppContext): Record<string, unknown> {
  const body = ctx.request.body;
  const params: Record<string, unknown> = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as object) } : {};
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const credentials = { client_id: basicPart(decoded.slice(0, colon)), client_secret: basicPart(decoded.slice(colon + 1)) };
      // A header escapes the text-input middleware, which reads only paths, queries and bodies.
      refuseUnacceptableFields(credentials);
      Object.assign(params, credentials);
    }
  }
  return params;
}

async function answer(ctx: AppContext, work: () => Promise<unknown>): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  try {
    ctx.body = await work();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    ctx.status = error.status;
    if (error.retryAfterSeconds) ctx.set('Retry-After', String(error.retryAfterSeconds));
    if (error.status === 401 && /^Basic\s/i.test(ctx.get('authorization'))) ctx.set('WWW-Authenticate', 'Basic realm="Warble"');
    ctx.body = error.toJSON();
  }
}

export function oauthTokenRoutes(deps: { tokenGrants: TokenGrantService }): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/oauth/token', (ctx) => answer(ctx, () => deps.tokenGrants.exchange(oauthParams(ctx), ctx.ip)));
  router.post('/oauth/revoke', (ctx) =>
    answer(ctx, async () => {
      await deps.tokenGrants.revoke(oauthParams(ctx));
      return {};
    }),
  );
  return router;
}

/** Client-authenticated endpoints that take no cookie authority, so they need no CSRF token. */
export const isOAuthClientEndpoint = (path: string) => path === '/oauth/token' || path === '/oauth/revoke' || path === '/api/v1/apps';
