/**
 * Settings › API access: personal access tokens (create, shown once; list;
 * revoke) and the apps a person authorised through OAuth (list; revoke).
 */
import Router from '@koa/router';
import type { OAuthAppService } from '../../../auth/oauth/app-registry.js';
import type { TokenService } from '../../../auth/token-service.js';
import { DomainError } from '../../../domain/errors.js';
import { TOP_LEVEL_SCOPES } from '../../../domain/scopes.js';
import type { PersonalTokenCreateService } from '../../../services/personal-token-create.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';

export interface SettingsTokenDeps {
  renderer: Renders;
  tokens: TokenService;
  oauthApps: OAuthAppService;
  personalTokens: PersonalTokenCreateService;
}

function scopesField(ctx: AppContext): string[] {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.scopes;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
}

export function settingsTokenRoutes(deps: SettingsTokenDeps): Router<AppState> {
  const router = new Router<AppState>();

  async function show(ctx: AppContext, extra: Record<string, unknown> = {}) {
    const userId = ctx.state.user!.id;
    const [tokens, grants] = await Promise.all([deps.tokens.listPersonal(userId), deps.tokens.authorizedApps(userId)]);
    const apps = new Map((await deps.oauthApps.findByIds(grants.map((grant) => grant.appId))).map((app) => [app.id, app]));
    const chosen = (extra.chosenScopes as string[] | undefined) ?? ['read'];
    renderPage(ctx, deps.renderer, 'settings-tokens', {
      title: ctx.state.t('tokens.title'),
      tokens: tokens.map((token) => ({ id: token.id, name: token.name, scopes: token.scopes, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt })),
      apps: grants.flatMap((grant) => {
        const app = apps.get(grant.appId);
        return app ? [{ id: app.id, name: app.name, website: app.website, scopes: grant.scopes, createdAt: grant.createdAt }] : [];
      }),
      scopeChoices: TOP_LEVEL_SCOPES.map((scope) => ({ scope, checked: chosen.includes(scope) })),
      revoked: ctx.query.revoked === '1',
      ...extra,
    });
  }

  router.get('/settings/tokens', requireUser, (ctx) => show(ctx));

  router.post('/settings/tokens', requireUser, async (ctx) => {
    const name = formField(ctx, 'name');
    const scopes = scopesField(ctx);
    try {
      const created = await deps.personalTokens.create(ctx.state.user!, { name, scopes });
      // Shown in this response only (not via a redirect), so the token never lands in a URL or history.
      ctx.set('Cache-Control', 'no-store');
      await show(ctx, { newToken: created.token, newTokenName: name.trim() });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = fieldErrors(ctx, error);
      ctx.status = error.status;
      await show(ctx, { errors, values: { name }, chosenScopes: scopes });
    }
  });

  router.post('/settings/tokens/:id/revoke', requireUser, async (ctx) => {
    await deps.tokens.revokeOwned(ctx.params.id ?? '', ctx.state.user!.id);
    ctx.redirect('/settings/tokens?revoked=1');
  });

  router.post('/settings/apps/:id/revoke', requireUser, async (ctx) => {
    await deps.tokens.revokeAppForUser(ctx.state.user!.id, ctx.params.id ?? '');
    ctx.redirect('/settings/tokens?revoked=1');
  });
  return router;
}
