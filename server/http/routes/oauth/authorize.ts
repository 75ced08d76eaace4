/**
 * The OAuth consent page: GET /oauth/authorize (with or without the trailing
 * slash Mastodon clients add) shows the app and the scopes it asks for to a
 * signed-in person; their Approve or Deny form (with CSRF) posts back here.
 */
import Router from '@koa/router';
import type { AuthorizationRequest, AuthorizationService } from '../../../auth/oauth/authorization.js';
import type { OAuthError } from '../../../auth/oauth/oauth-error.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';

const PATHS = ['/oauth/authorize', '/oauth/authorize/'];

/**
 * Browsers apply form-action to the redirect that follows a form post, so
 * the consent page allows its one redirect target: an origin for http(s),
 * the scheme for an app's custom scheme (`myapp:`).
 */
function allowFormActionTo(ctx: AppContext, redirectUri: string): void {
  const policy = ctx.response.get('Content-Security-Policy');
  if (typeof policy !== 'string' || policy === '' || !URL.canParse(redirectUri)) return;
  const url = new URL(redirectUri);
  const source = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  if (!/^[A-Za-z0-9+.\-:/[\]]+$/.test(source)) return;
  ctx.set('Content-Security-Policy', policy.replace("form-action 'self'", `form-action 'self' ${source}`));
}

function scopeList(ctx: AppContext, scopes: readonly string[]) {
  return scopes.map((scope) => ({ scope, label: ctx.state.t(`oauth.scopes.${scope.split(':')[0]}`, { defaultValue: '' }) }));
}

function showError(ctx: AppContext, renderer: Renders, error: OAuthError): void {
  ctx.status = error.status;
  renderPage(ctx, renderer, 'oauth/error', { title: ctx.state.t('oauth.errorTitle'), error: error.error, description: error.description });
}

export function oauthAuthorizeRoutes(deps: { renderer: Renders; authorization: AuthorizationService }): Router<AppState> {
  const router = new Router<AppState>();

  router.get(PATHS, async (ctx) => {
    const checked = await deps.authorization.check(ctx.query);
    if (!checked.ok) {
      if ('redirectTo' in checked) return ctx.redirect(checked.redirectTo);
      return showError(ctx, deps.renderer, checked.error);
    }
    if (!ctx.state.user) return ctx.redirect(`/login?returnTo=${encodeURIComponent(ctx.originalUrl)}`);
    const request: AuthorizationRequest = checked.request;
    renderPage(ctx, deps.renderer, 'oauth/authorize', {
      title: ctx.state.t('oauth.title'),
      app: { name: request.app.name, website: request.app.website },
      scopes: scopeList(ctx, request.scopes),
      fields: {
        response_type: 'code',
        client_id: request.app.clientId,
        redirect_uri: request.redirectUri,
        scope: request.scopes.join(' '),
        state: request.state,
        code_challenge: request.codeChallenge ?? '',
        code_challenge_method: request.codeChallengeMethod ?? '',
      },
    });
    allowFormActionTo(ctx, request.redirectUri);
  });

  router.post(PATHS, requireUser, async (ctx) => {
    const checked = await deps.authorization.check((ctx.request.body ?? {}) as Record<string, unknown>);
    if (!checked.ok) {
      if ('redirectTo' in checked) return ctx.redirect(checked.redirectTo);
      return showError(ctx, deps.renderer, checked.error);
    }
    const body = ctx.request.body as Record<string, unknown>;
    const outcome =
      body.decision === 'approve'
        ? await deps.authorization.approve(ctx.state.user!.id, checked.request)
        : deps.authorization.deny(checked.request);
    if ('redirectTo' in outcome) return ctx.redirect(outcome.redirectTo);
    if ('showCode' in outcome) {
      ctx.set('Cache-Control', 'no-store');
      return renderPage(ctx, deps.renderer, 'oauth/code', { title: ctx.state.t('oauth.codeTitle'), code: outcome.showCode, appName: checked.request.app.name });
    }
    renderPage(ctx, deps.renderer, 'oauth/error', { title: ctx.state.t('oauth.deniedTitle'), description: ctx.state.t('oauth.denied') });
  });
  return router;
}
