/**
 * Announcements over the API: Mastodon's `GET /api/v1/announcements` (what
 * the viewer must see) and `POST /api/v1/announcements/:id/dismiss`
 * (acknowledge), plus Warble's additions: publishing (`POST`), withdrawing
 * (`DELETE /:id`) and the sender's figures (`GET /:id/stats`, CSV with
 * `?format=csv` or `/:id/stats.csv`).
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { notFound, validationError } from '../../../domain/errors.js';
import { toApiAnnouncement, toApiAnnouncementStats } from '../../../serializers/announcement.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { bodyField } from './request-body.js';
import { isTrueParam, param, signedInUser } from './social-params.js';

/** The longest not-acknowledged list a JSON answer carries (the CSV has everyone). */
const STATS_LIST_LIMIT = 500;

/** `group_ids` as a JSON array, a repeated form field (`group_ids[]`) or one value. */
export function groupIdsParam(ctx: AppContext): string[] {
  const raw = bodyField(ctx, 'group_ids') ?? bodyField(ctx, 'group_ids[]');
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((item): item is string => typeof item === 'string')) throw validationError('group_ids', 'group_ids must be a list of group ids');
  return list;
}

/** `ends_at` as an ISO 8601 date-time, or null when absent or empty. */
export function endsAtParam(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw validationError('ends_at', 'ends_at must be a date and time (ISO 8601)');
  return date;
}

export function announcementRoutes(deps: Pick<Container, 'announcements'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/announcements' });
  const { announcements } = deps;

  router.get('/', requireUser, requireScope('read'), async (ctx) => {
    const userId = signedInUser(ctx).id;
    const views = await announcements.pending.visibleTo(userId, { withDismissed: isTrueParam(ctx.query.with_dismissed) });
    // A client that fetched them shows them: they count as seen, as on the pages.
    await announcements.receipts.markSeen(userId, views.filter((view) => !view.read).map((view) => view.id));
    ctx.body = views.map(toApiAnnouncement);
  });

  router.post('/', requireUser, requireScope('write', 'write:statuses'), async (ctx) => {
    const user = signedInUser(ctx);
    const text = bodyField(ctx, 'text');
    const id = await announcements.publishing.publish(
      { user, address: ctx.ip },
      { text: typeof text === 'string' ? text : '', groupIds: groupIdsParam(ctx), endsAt: endsAtParam(bodyField(ctx, 'ends_at')) },
    );
    const view = await announcements.pending.byId(id, user.id);
    if (!view) throw notFound('Announcement');
    ctx.body = toApiAnnouncement(view);
  });

  router.post('/:id/dismiss', requireUser, requireScope('write', 'write:accounts'), async (ctx) => {
    await announcements.receipts.acknowledge(signedInUser(ctx).id, param(ctx, 'id'));
    ctx.body = {};
  });

  router.delete('/:id', requireUser, requireScope('write', 'write:statuses'), async (ctx) => {
    await announcements.withdrawal.withdraw({ user: signedInUser(ctx), address: ctx.ip }, param(ctx, 'id'));
    ctx.body = {};
  });

  const sendCsv = async (ctx: AppContext & { params: Record<string, string> }) => {
    const id = param(ctx, 'id');
    ctx.body = await announcements.stats.csv(signedInUser(ctx), id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="announcement-${id}-not-acknowledged.csv"`);
  };

  router.get('/:id/stats.csv', requireUser, requireScope('read'), sendCsv);

  router.get('/:id/stats', requireUser, requireScope('read'), async (ctx) => {
    if (ctx.query.format === 'csv') return sendCsv(ctx);
    if (ctx.query.format !== undefined && ctx.query.format !== 'json') throw notFound('Format');
    const stats = await announcements.stats.read(signedInUser(ctx), param(ctx, 'id'), { limit: STATS_LIST_LIMIT });
    ctx.body = toApiAnnouncementStats(stats);
  });

  return router;
}
