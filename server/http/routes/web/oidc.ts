/**
 * OpenID Connect sign-in: /auth/oidc sends the person to the provider with a
 * fresh state, nonce and PKCE verifier kept in their session; the provider
 * sends them back to /auth/oidc/callback, where that (single-use, short-lived)
 * record is taken out of the session before anything is checked, so a
 * callback can never be replayed.
 */
import Router from '@koa/router';
import { OIDC_ID_TOKEN_SESSION_KEY, OidcUnavailableError, type OidcClient, type PendingOidcSignIn } from '../../../auth/oidc/oidc-client.js';
import type { AppContext, AppState } from '../../context.js';
import { completeExternalSignIn, failExternalSignIn, type ExternalSignInDeps } from './external-sign-in-completion.js';
import { safeReturnTo } from './sign-in.js';

/** Where the session keeps the sign-in in progress. */
const PENDING_KEY = 'oidcPending';

export function oidcRoutes(deps: ExternalSignInDeps & { oidc: OidcClient | null }): Router<AppState> {
  const router = new Router<AppState>();
  const { oidc } = deps;
  if (!oidc) return router;

  router.get('/auth/oidc', async (ctx) => {
    if (!ctx.session) throw new Error('session middleware missing');
    const returnTo = safeReturnTo(typeof ctx.query.returnTo === 'string' ? ctx.query.returnTo : '/');
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await oidc.start(returnTo);
    } catch (error) {
      return failExternalSignIn(ctx, deps, 'oidc', error instanceof OidcUnavailableError ? 'unavailable' : 'failed', { step: 'discovery', error: describe(error) });
    }
    ctx.session[PENDING_KEY] = started.pending;
    ctx.redirect(started.url);
  });

  router.get('/auth/oidc/callback', async (ctx) => {
    const pending = takePending(ctx);
    if (!pending) return failExternalSignIn(ctx, deps, 'oidc', 'expired', { step: 'callback', error: 'no sign-in in progress in this session, or it expired' });
    const providerError = ctx.query.error;
    if (typeof providerError === 'string') {
      return failExternalSignIn(ctx, deps, 'oidc', 'failed', { step: 'provider', error: providerError, description: String(ctx.query.error_description ?? '') });
    }
    let finished: Awaited<ReturnType<OidcClient['finish']>>;
    try {
      finished = await oidc.finish(new URL(`${oidc.redirectUri}?${ctx.querystring}`), pending);
    } catch (error) {
      return failExternalSignIn(ctx, deps, 'oidc', error instanceof OidcUnavailableError ? 'unavailable' : 'failed', {
        step: 'verification',
        ...explain(error),
      });
    }
    await completeExternalSignIn(ctx, deps, finished.profile, pending.returnTo, { [OIDC_ID_TOKEN_SESSION_KEY]: finished.idToken });
  });
  return router;
}

/** The sign-in in progress, removed from the session whatever happens next; null when absent, malformed or expired. */
function takePending(ctx: AppContext, now = Date.now()): PendingOidcSignIn | null {
  const value = ctx.session?.[PENDING_KEY];
  if (ctx.session && value !== undefined) delete ctx.session[PENDING_KEY];
  if (typeof value !== 'object' || value === null) return null;
  const pending = value as Partial<PendingOidcSignIn>;
  const fields = [pending.state, pending.nonce, pending.codeVerifier, pending.returnTo];
  if (!fields.every((field) => typeof field === 'string') || typeof pending.expiresAt !== 'number' || pending.expiresAt <= now) return null;
  return pending as PendingOidcSignIn;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * For IT: the messages down the cause chain (openid-client wraps the checks'
 * own errors), the first error code, and the claim or attribute that did not
 * hold (nonce, aud, iss...) when one says.
 */
function explain(error: unknown): Record<string, string> {
  const messages: string[] = [];
  const details: Record<string, string> = {};
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 6; depth += 1) {
    const node = current as { message?: unknown; code?: unknown; claim?: unknown; attribute?: unknown; cause?: unknown };
    if (typeof node.message === 'string') messages.push(node.message);
    if (typeof node.code === 'string') details.code ??= node.code;
    if (typeof node.claim === 'string') details.claim ??= node.claim;
    if (typeof node.attribute === 'string') details.claim ??= node.attribute;
    current = node.cause;
  }
  return { error: messages.join(': ') || String(error), ...details };
}
