/**
 * Moderation, on the pages and in the API:
 * - `POST /api/v1/reports` (Mastodon: `account_id`, `status_ids[]`, `comment`);
 * - `POST /posts/:id/report`: the thread page's small report form;
 * - `/admin/moderation`: the queue of open reports for administrators and
 *   moderators (`is_moderator`), with hide/unhide, delete, suspend/reinstate
 *   and resolve as CSRF-protected form posts that redirect back.
 * Everyone else gets 403 (as the other admin pages do).
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { forbidden, notFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import { isModerator, type Moderator } from '../../../services/moderation/moderation-deps.js';
import { createModerationServices } from '../../../services/moderation/moderation-services.js';
import type { ReportModel } from '../../../db/models/report.js';
import type { AppContext, AppMiddleware, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { bodyField } from '../api/request-body.js';
import { field, safeReturnTo, signedIn, viewerOf } from './web-support.js';

export type ModerationRouteDeps = Pick<Container, 'sequelize' | 'models' | 'core' | 'audit' | 'revoker' | 'renderer'>;

/** Administrators and moderators only; signed-out people go to the sign-in page. */
export const requireModerator: AppMiddleware = async (ctx, next) => {
  if (!ctx.state.user) return requireUser(ctx, next);
  if (!isModerator(ctx.state.user)) throw forbidden('Moderators only');
  await next();
};

const moderatorOf = (ctx: AppContext): Moderator => ({ user: signedIn(ctx), address: ctx.ip });

const idParam = (ctx: AppContext, what: string): string => {
  const id = ctx.params.id ?? '';
  if (!isId(id)) throw notFound(what);
  return id;
};

/** `status_ids[]`, `status_ids` (form or JSON, one or many). */
function idList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function toApiReport(rows: readonly ReportModel[]) {
  const first = rows[0];
  return {
    id: first?.id ?? '',
    action_taken: false,
    action_taken_at: null,
    category: 'other',
    comment: first?.comment ?? '',
    forwarded: false,
    created_at: (first?.createdAt ?? new Date()).toISOString(),
    status_ids: rows.map((row) => row.postId).filter((id): id is string => id !== null),
    rule_ids: null,
    target_account: { id: first?.accountId ?? '' },
  };
}

/** The outcomes the queue page confirms after a redirect. */
const DONE = new Set(['hidden', 'unhidden', 'deleted', 'suspended', 'reinstated', 'resolved']);

export function moderationRouters(deps: ModerationRouteDeps): Array<Router<AppState>> {
  const services = createModerationServices({
    sequelize: deps.sequelize,
    models: deps.models,
    events: deps.core.events,
    audit: deps.audit,
    revoker: deps.revoker,
    posts: deps.core.posts,
  });

  const router = new Router<AppState>();

  router.post('/api/v1/reports', requireUser, requireScope('write:reports'), async (ctx) => {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    const rows = await services.reports.report(
      await viewerOf(ctx, deps),
      {
        accountId: String(bodyField(ctx, 'account_id') ?? ''),
        statusIds: idList(body?.['status_ids[]'] ?? body?.status_ids),
        comment: typeof bodyField(ctx, 'comment') === 'string' ? String(bodyField(ctx, 'comment')) : '',
      },
      signedIn(ctx).username,
      ctx.ip,
    );
    ctx.body = toApiReport(rows);
  });

  router.post('/posts/:id/report', requireUser, async (ctx) => {
    const id = idParam(ctx, 'Status');
    const post = await deps.models.Post.findByPk(id, { attributes: ['id', 'authorId'] });
    if (!post) throw notFound('Status');
    // The service checks visibility (404 for what the person cannot see).
    await services.reports.report(await viewerOf(ctx, deps), { accountId: post.authorId, statusIds: [id], comment: field(ctx, 'comment') }, signedIn(ctx).username, ctx.ip);
    const back = safeReturnTo(field(ctx, 'returnTo'));
    ctx.redirect(`${back.split('?')[0] ?? '/'}?reported=1`);
  });

  router.get('/admin/moderation', requireModerator, async (ctx) => {
    const reports = await services.queue.open(moderatorOf(ctx));
    const done = typeof ctx.query.done === 'string' && DONE.has(ctx.query.done) ? ctx.query.done : '';
    renderPage(ctx, deps.renderer, 'admin/moderation', {
      title: ctx.state.t('moderation.title'),
      reports,
      done: done ? ctx.state.t(`moderation.done.${done}`) : '',
      showAdminNav: signedIn(ctx).isAdmin,
    });
  });

  const act = (path: string, done: string, run: (moderator: Moderator, id: string, ctx: AppContext) => Promise<void>) => {
    router.post(path, requireModerator, async (ctx) => {
      await run(moderatorOf(ctx), idParam(ctx, 'Record'), ctx);
      ctx.redirect(`/admin/moderation?done=${done}`);
    });
  };
  act('/admin/moderation/posts/:id/hide', 'hidden', (m, id) => services.hiding.hide(m, id));
  act('/admin/moderation/posts/:id/unhide', 'unhidden', (m, id) => services.hiding.unhide(m, id));
  act('/admin/moderation/posts/:id/delete', 'deleted', (m, id) => services.deletion.delete(m, id));
  act('/admin/moderation/accounts/:id/suspend', 'suspended', (m, id, ctx) => services.suspension.suspend(m, id, field(ctx, 'reason')));
  act('/admin/moderation/accounts/:id/reinstate', 'reinstated', (m, id) => services.suspension.reinstate(m, id));
  act('/admin/moderation/reports/:id/resolve', 'resolved', (m, id) => services.resolution.resolve(m, id));

  return [router];
}
