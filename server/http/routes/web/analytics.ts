/**
 * The analytics dashboards: `/analytics` (my posts, my watched keywords),
 * `/groups/:slug/analytics` (the group's owners and admins; a group the
 * viewer may not see is a 404, one they do not manage a 403) and
 * `/admin/analytics` (administrators, the whole company), each with a date
 * range form and CSV exports; and `/go/:postId`, the counting redirect of a
 * post's links.
 */
import Router from '@koa/router';
import type { Container } from '../../../container.js';
import { forbidden, validationError } from '../../../domain/errors.js';
import { dailyCsv, heatMapCsv } from '../../../services/analytics/analytics-csv.js';
import type { AnalyticsScope } from '../../../services/analytics/analytics-scope.js';
import { parseDateRange } from '../../../services/analytics/date-range.js';
import { watchedKeywords } from '../../../services/analytics/keyword-watch.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin, requireUser } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { dashboardView } from './analytics-view.js';
import { signedIn, viewerOf, type WebDeps } from './web-support.js';

export type AnalyticsDeps = WebDeps & Pick<Container, 'analytics' | 'logger'>;

interface DashboardPage {
  scope: AnalyticsScope;
  heading: string;
  /** The page's path; the CSV exports hang under it. */
  base: string;
  withKeywords: boolean;
  extra?: Record<string, unknown>;
}

export function analyticsRoutes(deps: AnalyticsDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { analytics } = deps;

  async function load(ctx: AppContext, scope: AnalyticsScope) {
    const user = signedIn(ctx);
    const timeZone = analytics.timeZoneOf(user);
    const parsed = parseDateRange({ from: ctx.query.from, to: ctx.query.to }, timeZone);
    const report = await analytics.dashboard.report({ scope, reader: await viewerOf(ctx, deps), range: parsed.range, timeZone });
    return { user, timeZone, parsed, report };
  }

  async function show(ctx: AppContext, page: DashboardPage) {
    const { user, timeZone, parsed, report } = await load(ctx, page.scope);
    const { range } = parsed;
    const keywords = page.withKeywords
      ? await watchedKeywords(analytics.keywords(), { viewerId: user.id, from: range.start, to: new Date(range.end.getTime() - 1), timeZone, days: range.days, viewer: await viewerOf(ctx, deps) }).catch((error: unknown) => {
          // Keyword watch is a section of the page: search failing must not take the figures down with it.
          deps.logger.warn({ err: error }, 'keyword counts unavailable');
          return null;
        })
      : [];
    const errors = Object.fromEntries(Object.entries(parsed.errors).map(([field, key]) => [field, ctx.state.t(key)]));
    if (Object.keys(errors).length > 0) ctx.status = 422;
    const query = new URLSearchParams({ from: range.from, to: range.to }).toString();
    renderPage(ctx, deps.renderer, 'analytics', {
      title: page.heading,
      heading: page.heading,
      action: page.base,
      values: Object.keys(errors).length > 0 ? { from: stringOf(ctx.query.from), to: stringOf(ctx.query.to) } : { from: range.from, to: range.to },
      errors,
      dailyCsvUrl: `${page.base}/daily.csv?${query}`,
      heatCsvUrl: `${page.base}/heatmap.csv?${query}`,
      withKeywords: page.withKeywords,
      keywordsUnavailable: keywords === null,
      ...dashboardView(ctx, report, keywords ?? []),
      ...page.extra,
    });
  }

  async function csv(ctx: AppContext, scope: AnalyticsScope, table: 'daily' | 'heatmap') {
    const { parsed, report } = await load(ctx, scope);
    const [field] = Object.keys(parsed.errors);
    if (field) throw validationError(field, ctx.state.t(parsed.errors[field]!));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`analytics-${table}-${parsed.range.from}-${parsed.range.to}.csv`);
    ctx.body = table === 'daily' ? dailyCsv(report.days) : heatMapCsv(report.heat);
  }

  const personScope = (ctx: AppContext): AnalyticsScope => ({ kind: 'person', userId: signedIn(ctx).id });
  router.get('/analytics', requireUser, (ctx) =>
    show(ctx, { scope: personScope(ctx), heading: ctx.state.t('analytics.personHeading'), base: '/analytics', withKeywords: true }),
  );
  router.get('/analytics/daily.csv', requireUser, (ctx) => csv(ctx, personScope(ctx), 'daily'));
  router.get('/analytics/heatmap.csv', requireUser, (ctx) => csv(ctx, personScope(ctx), 'heatmap'));

  /** A group the viewer may not see is a 404 (its existence is private); one they only read is a 403. */
  async function managedGroup(ctx: AppContext) {
    const listing = await deps.core.groupReads.getBySlug(await viewerOf(ctx, deps), ctx.params.slug ?? '');
    const membership = listing.membership;
    if (!membership || membership.state !== 'active' || (membership.role !== 'owner' && membership.role !== 'admin')) {
      throw forbidden('Only the group’s admins see its analytics');
    }
    return listing.group;
  }
  router.get('/groups/:slug/analytics', requireUser, async (ctx) => {
    const group = await managedGroup(ctx);
    await show(ctx, {
      scope: { kind: 'group', groupId: group.id },
      heading: ctx.state.t('analytics.groupHeading', { name: group.name }),
      base: `/groups/${encodeURIComponent(group.slug)}/analytics`,
      withKeywords: false,
      extra: { group: { name: group.name, url: `/groups/${encodeURIComponent(group.slug)}` } },
    });
  });
  router.get('/groups/:slug/analytics/daily.csv', requireUser, async (ctx) => csv(ctx, { kind: 'group', groupId: (await managedGroup(ctx)).id }, 'daily'));
  router.get('/groups/:slug/analytics/heatmap.csv', requireUser, async (ctx) => csv(ctx, { kind: 'group', groupId: (await managedGroup(ctx)).id }, 'heatmap'));

  router.get('/admin/analytics', requireAdmin, (ctx) =>
    show(ctx, { scope: { kind: 'company' }, heading: ctx.state.t('analytics.companyHeading'), base: '/admin/analytics', withKeywords: false }),
  );
  router.get('/admin/analytics/daily.csv', requireAdmin, (ctx) => csv(ctx, { kind: 'company' }, 'daily'));
  router.get('/admin/analytics/heatmap.csv', requireAdmin, (ctx) => csv(ctx, { kind: 'company' }, 'heatmap'));

  router.get('/go/:postId', requireUser, async (ctx) => {
    const url = stringOf(ctx.query.u);
    const target = await analytics.links.follow(await viewerOf(ctx, deps), ctx.params.postId ?? '', url);
    // The destination sees no Warble path or query (the post id) in Referer.
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.redirect(target);
  });
  return router;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
