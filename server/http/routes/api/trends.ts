/**
 * Mastodon's trends endpoints, for signed-in people only (Warble is
 * company-internal):
 *
 *   GET /api/v1/trends/tags       rising hashtags (Tag entities with history)
 *   GET /api/v1/trends            Mastodon's older alias of /trends/tags
 *   GET /api/v1/trends/statuses   rising posts (Statuses the viewer may see)
 *
 * Warble parameters: `window` (24h | 7d, default 24h), `group_id` (a group's
 * trends; 404 unless the viewer may read its posts), `limit` (default 10, at
 * most 20). A wrong value is a 422 naming the parameter.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { toApiTrendTag } from '../../../serializers/trend-tag.js';
import { trendRequest } from '../../../services/trends/trends-service.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';

export function trendRoutes(deps: Pick<Container, 'trends' | 'models' | 'config'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const read = [requireUser, requireScope('read')] as const;
  const request = (ctx: AppContext) => trendRequest({ window: ctx.query.window, groupId: ctx.query.group_id, limit: ctx.query.limit });
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  const tags = async (ctx: AppContext) => {
    const trending = await deps.trends.tags(await viewerContextOf(ctx, deps.models), request(ctx));
    ctx.body = trending.map((tag) => toApiTrendTag(tag, baseUrl(ctx)));
  };
  router.get('/trends/tags', ...read, tags);
  router.get('/trends', ...read, tags);

  router.get('/trends/statuses', ...read, async (ctx) => {
    ctx.body = await deps.trends.posts(await viewerContextOf(ctx, deps.models), request(ctx), baseUrl(ctx));
  });

  return router;
}
