/**
 * SAML 2.0 sign-in pages: GET /auth/saml/login sends the browser to the IdP
 * with an AuthnRequest, GET /auth/saml/metadata describes Warble to the IdP,
 * POST /auth/saml/acs receives the IdP's answer. The ACS carries no CSRF
 * token (the IdP's page posts it); its authority is the signed assertion
 * answering a request this browser started (a signed cookie names it).
 */
import Router from '@koa/router';
import { SamlServiceProvider } from '../../../auth/saml/saml-service-provider.js';
import { SamlRefusal, type SamlRefusalReason } from '../../../auth/saml/saml-refusal.js';
import { REQUEST_TTL_MS } from '../../../auth/saml/saml-replay-cache.js';
import { SAML_ACS_PATH, SAML_LOGIN_PATH, SAML_METADATA_PATH } from '../../../auth/saml/saml-settings.js';
import type { Metrics } from '../../../observability/metrics.js';
import type { ExternalProfile } from '../../../services/identity/external-profile.js';
import type { AppContext, AppState } from '../../context.js';
import { formField } from '../../forms.js';
import { completeExternalSignIn, failExternalSignIn, type ExternalProtocolFailure, type ExternalSignInDeps } from './external-sign-in-completion.js';
import { safeReturnTo } from './sign-in.js';

/** Names the AuthnRequest this browser started, so only the answer to it signs this browser in. */
const REQUEST_COOKIE = 'warble_saml_request';
/** SAML bindings keep RelayState to 80 bytes; a longer return path falls back to the home page. */
const LONGEST_RELAY_STATE = 80;

export interface SamlRouteDeps extends ExternalSignInDeps {
  saml: SamlServiceProvider | null;
  metrics: Metrics;
}

function relayStateFor(returnTo: string): string {
  const safe = safeReturnTo(returnTo);
  return Buffer.byteLength(safe) <= LONGEST_RELAY_STATE ? safe : '/';
}

/** What the person is told: "try again" for a stale or reused answer, "unavailable", or that it failed. */
function failureOf(reason: SamlRefusalReason): ExternalProtocolFailure {
  if (reason === 'unavailable') return 'unavailable';
  return reason === 'expired' || reason === 'replay' || reason === 'in-response-to' ? 'expired' : 'failed';
}

export function samlRoutes(deps: SamlRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  const saml = deps.saml;
  if (!saml) return router;
  const httpsOnly = saml.settings.acsUrl.startsWith('https:');
  // The IdP's page posts cross-site: over HTTPS the cookie must be SameSite=None to come along.
  const cookieOptions = { signed: true, httpOnly: true, path: SAML_ACS_PATH, secure: httpsOnly, sameSite: httpsOnly ? ('none' as const) : ('lax' as const) };

  /** Audited with the precise reason (`samlReason`); the details, which may echo what was sent, go to the log only. */
  async function refuse(ctx: AppContext, refusal: SamlRefusal): Promise<void> {
    deps.metrics.signInFailures.inc({ reason: `saml-${refusal.reason}` });
    ctx.state.log.warn({ samlReason: refusal.reason, detail: refusal.message }, 'SAML response refused');
    await failExternalSignIn(ctx, deps, 'saml', failureOf(refusal.reason), { samlReason: refusal.reason });
  }

  router.get(SAML_METADATA_PATH, (ctx) => {
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = saml.metadataXml();
  });

  router.get(SAML_LOGIN_PATH, async (ctx) => {
    const returnTo = relayStateFor(typeof ctx.query.returnTo === 'string' ? ctx.query.returnTo : '/');
    if (ctx.state.user) return ctx.redirect(returnTo);
    let url: string;
    try {
      url = await saml.loginUrl(returnTo);
    } catch (error) {
      if (error instanceof SamlRefusal) return refuse(ctx, error);
      throw error;
    }
    ctx.cookies.set(REQUEST_COOKIE, SamlServiceProvider.requestIdOf(url), { ...cookieOptions, maxAge: REQUEST_TTL_MS });
    ctx.redirect(url);
  });

  router.post(SAML_ACS_PATH, async (ctx) => {
    const startedHere = ctx.cookies.get(REQUEST_COOKIE, { signed: true });
    // Over plain HTTP a cross-site IdP cannot bring the cookie back (no SameSite=None without Secure): checked when present.
    const browserRequestId = startedHere ?? (httpsOnly ? '' : undefined);
    let profile: ExternalProfile;
    try {
      profile = await saml.consume(formField(ctx, 'SAMLResponse'), browserRequestId);
    } catch (error) {
      if (error instanceof SamlRefusal) return refuse(ctx, error);
      throw error;
    } finally {
      ctx.cookies.set(REQUEST_COOKIE, null, cookieOptions);
    }
    await completeExternalSignIn(ctx, deps, profile, relayStateFor(formField(ctx, 'RelayState')));
  });
  return router;
}
