/** Mastodon's app registration: POST /api/v1/apps and GET /api/v1/apps/verify_credentials. */
import Router from '@koa/router';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { appRedirectUris, appScopes, type OAuthAppService } from '../../../auth/oauth/app-registry.js';
import type { OAuthAppModel } from '../../../db/models/oauth-app.js';
import { DomainError } from '../../../domain/errors.js';
import type { AppState } from '../../context.js';
import { requireClient } from '../../../auth/bearer-auth.js';
import { bodyField } from './request-body.js';

/** Registration is anonymous (clients register before anyone signs in), so it is rate-limited per address. */
const REGISTRATIONS_PER_HOUR = 30;

function toApiApplication(app: OAuthAppModel) {
  const redirectUris = appRedirectUris(app);
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: appScopes(app),
    redirect_uri: redirectUris.join('\n'),
    redirect_uris: redirectUris,
    vapid_key: '',
  };
}

export function appRoutes(deps: { oauthApps: OAuthAppService }): Router<AppState> {
  const router = new Router<AppState>();
  const limiter = new RateLimiterMemory({ points: REGISTRATIONS_PER_HOUR, duration: 3600, keyPrefix: 'api-apps' });

  router.post('/api/v1/apps', async (ctx) => {
    try {
      await limiter.consume(ctx.ip);
    } catch {
      throw new DomainError('E_RATE_LIMITED', 'Too many applications registered from this address. Try again later.', 429, undefined, 3600);
    }
    const { app, clientSecret } = await deps.oauthApps.register({
      clientName: bodyField(ctx, 'client_name'),
      redirectUris: bodyField(ctx, 'redirect_uris'),
      scopes: bodyField(ctx, 'scopes'),
      website: bodyField(ctx, 'website'),
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...toApiApplication(app), client_id: app.clientId, client_secret: clientSecret, client_secret_expires_at: 0 };
  });

  router.get('/api/v1/apps/verify_credentials', requireClient, async (ctx) => {
    const token = ctx.state.token;
    const app = token?.appId ? await deps.oauthApps.findById(token.appId) : null;
    if (app) {
      ctx.body = toApiApplication(app);
      return;
    }
    // Personal tokens and browser sessions have no registered app; describe them the way Mastodon's web app would.
    ctx.body = { name: token ? 'Personal access token' : 'Warble web', website: null, scopes: token ? [...token.scopes] : ['read', 'write', 'follow', 'push'], vapid_key: '' };
  });
  return router;
}
