/** Sign-in and sign-out pages. */
import Router from '@koa/router';
import type { SignInService } from '../../../auth/sign-in.js';
import type { EventPublisher } from '../../../services/events.js';
import { SESSION_COOKIE } from '../../middleware/session.js';
import { DomainError } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import type { WarbleConfig } from '../../../config/schema.js';
import { ssoButtons } from './sso-buttons.js';
import { OIDC_ID_TOKEN_SESSION_KEY } from '../../../auth/oidc/oidc-client.js';

/** Starts a fresh session (a new id defeats session fixation) for this person. */
export async function startSession(ctx: AppContext, userId: string): Promise<void> {
  if (!ctx.session) throw new Error('session middleware missing');
  await ctx.session.regenerate();
  ctx.session.userId = userId;
}

/** Only same-site paths: `//evil.example` and `https://…` are not allowed as return targets. */
export function safeReturnTo(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** The sign-in page: the password form and one button per single sign-on provider. */
export function renderLoginPage(
  ctx: AppContext,
  deps: { renderer: Renders; config?: WarbleConfig },
  page: { login?: string; returnTo: string; error?: string },
): void {
  renderPage(ctx, deps.renderer, 'login', {
    title: ctx.state.t('login.title'),
    login: page.login ?? '',
    returnTo: page.returnTo,
    error: page.error,
    ssoButtons: deps.config ? ssoButtons(deps.config, page.returnTo) : [],
  });
}

/** A single sign-on provider whose own session ends with Warble's (RP-initiated logout). */
export interface ProviderSignOut {
  endSessionUrl(idToken: string): Promise<string | null>;
}

export function signInRoutes(deps: {
  renderer: Renders;
  signIn: SignInService;
  config?: WarbleConfig;
  core?: { events: EventPublisher };
  oidc?: ProviderSignOut | null;
}): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/login', (ctx) => {
    if (ctx.state.user) return ctx.redirect('/');
    const returnTo = typeof ctx.query.returnTo === 'string' ? safeReturnTo(ctx.query.returnTo) : '/';
    renderLoginPage(ctx, deps, { returnTo });
  });
  router.post('/login', async (ctx) => {
    const login = formField(ctx, 'login');
    const returnTo = safeReturnTo(formField(ctx, 'returnTo'));
    try {
      const user = await deps.signIn.signIn({ login, password: formField(ctx, 'password'), address: ctx.ip });
      await startSession(ctx, user.id);
      ctx.redirect(returnTo);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.status = error.status;
      if (error.retryAfterSeconds) ctx.set('Retry-After', String(error.retryAfterSeconds));
      renderLoginPage(ctx, deps, { login, returnTo, error: ctx.state.t(`errors.${error.code}`, { defaultValue: error.message }) });
    }
  });
  router.post('/logout', async (ctx) => {
    const sessionKey = ctx.cookies.get(SESSION_COOKIE, { signed: true });
    const idToken = ctx.session?.[OIDC_ID_TOKEN_SESSION_KEY];
    ctx.session = null;
    // This browser's live connections end with the session (on every node).
    if (sessionKey) deps.core?.events.publish('session.ended', { userId: ctx.state.user?.id ?? null, sessionKey });
    // Signed in through OpenID Connect: the provider's session ends too, and it sends the person back to /login.
    const atProvider = typeof idToken === 'string' && deps.oidc ? await deps.oidc.endSessionUrl(idToken) : null;
    ctx.redirect(atProvider ?? '/login');
  });
  return router;
}
