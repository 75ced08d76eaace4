/**
 * The /trends page (rising hashtags and posts, last 24 hours or 7 days,
 * company-wide or in one of the viewer's groups; plain links and a GET form,
 * no JavaScript needed) and the small "Trending" box the home and company
 * pages show beside their timeline.
 */
import Router from '@koa/router';
import { TREND_WINDOWS } from '../../../services/trends/trend-scoring.js';
import { MAX_TREND_LIMIT, trendRequest, type TrendingTag } from '../../../services/trends/trends-service.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { PAGE_BASE_URL, postViews, signedIn, viewerOf, type WebDeps } from './web-support.js';

/** How many tags the sidebar box lists. */
const BOX_SIZE = 5;

const tagView = (tag: TrendingTag) => ({ name: tag.name, url: `/tags/${encodeURIComponent(tag.name)}`, accounts: tag.accounts, uses: tag.uses });

/** The sidebar box: the company's rising tags of the last day (cached, so it costs a home page almost nothing). */
export async function trendingBox(ctx: AppContext, deps: Pick<WebDeps, 'trends' | 'models'>): Promise<{ tags: ReturnType<typeof tagView>[] }> {
  const tags = await deps.trends.trendingTags(await viewerOf(ctx, deps), { window: '24h', groupId: null, limit: BOX_SIZE });
  return { tags: tags.map(tagView) };
}

export function trendRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/trends', requireUser, async (ctx) => {
    const request = trendRequest({ window: ctx.query.window, groupId: ctx.query.group, limit: String(MAX_TREND_LIMIT) });
    const viewer = await viewerOf(ctx, deps);
    const [tags, statuses, groups] = await Promise.all([
      deps.trends.tags(viewer, request),
      deps.trends.posts(viewer, request, PAGE_BASE_URL),
      deps.core.groupReads.list(viewer, { memberOnly: true }, { limit: 40 }),
    ]);
    // A public group the viewer is not a member of is not in their list: offer it too, since they are looking at it.
    const shown = groups.map((listing) => ({ id: listing.group.id, name: listing.group.name }));
    if (request.groupId && !shown.some((group) => group.id === request.groupId)) {
      const current = await deps.models.Group.findByPk(request.groupId);
      if (current) shown.push({ id: current.id, name: current.name });
    }
    const link = (window: string) => `/trends?window=${window}${request.groupId ? `&group=${request.groupId}` : ''}`;
    renderPage(ctx, deps.renderer, 'trends', {
      title: ctx.state.t('trends.title'),
      window: request.window,
      windows: TREND_WINDOWS.map((window) => ({ window, url: link(window), current: window === request.window })),
      scopes: [
        { value: '', key: 'trends.company', selected: request.groupId === null },
        ...shown
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((group) => ({ value: group.id, name: group.name, selected: group.id === request.groupId })),
      ],
      tags: tags.map(tagView),
      posts: postViews(statuses, signedIn(ctx)),
    });
  });

  return router;
}
