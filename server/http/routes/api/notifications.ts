/**
 * Notifications, Mastodon's way (list with `types[]`/`exclude_types[]`/
 * `account_id`, one, dismiss, clear, unread count), plus Warble's
 * `POST /notifications/read` (all, or up to `max_id`). A notification whose
 * post or group the viewer can no longer see is left out everywhere.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { isId } from '../../../domain/ids.js';
import { validationError } from '../../../domain/errors.js';
import { warbleTypesNamed } from '../../../serializers/notification.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { bodyField } from './request-body.js';
import { param, queryList, signedInUser } from './social-params.js';

/** Mastodon's default unread-count cap. */
const DEFAULT_UNREAD_CAP = 100;

export function notificationRoutes(deps: Pick<Container, 'core' | 'config' | 'models'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/notifications' });
  const { notificationFeed, notificationInbox } = deps.core;
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);
  const read = [requireUser, requireScope('read:notifications')] as const;
  const write = [requireUser, requireScope('write:notifications')] as const;

  router.get('/', ...read, async (ctx) => {
    const types = queryList(ctx, 'types');
    const excluded = queryList(ctx, 'exclude_types');
    const accountId = typeof ctx.query.account_id === 'string' && ctx.query.account_id !== '' ? ctx.query.account_id : undefined;
    const filter = {
      // Only unknown names asked for: nothing matches (an empty list would mean "all").
      types: types.length > 0 ? warbleTypesNamed(types) : undefined,
      excludeTypes: warbleTypesNamed(excluded),
      accountId,
    };
    if (filter.types?.length === 0) {
      ctx.body = [];
      return;
    }
    const shown = await notificationFeed.list(await viewerContextOf(ctx, deps.models), filter, readPage(ctx), baseUrl(ctx));
    setLinkHeader(ctx, shown, baseUrl(ctx));
    ctx.body = shown;
  });

  router.get('/unread_count', ...read, async (ctx) => {
    const raw = ctx.query.limit;
    let cap = DEFAULT_UNREAD_CAP;
    if (typeof raw === 'string' && raw !== '') {
      if (!/^\d+$/.test(raw) || Number(raw) < 1) throw validationError('limit', 'limit must be a positive whole number');
      cap = Number(raw);
    }
    ctx.body = { count: await notificationFeed.unreadCount(await viewerContextOf(ctx, deps.models), cap) };
  });

  router.post('/clear', ...write, async (ctx) => {
    await notificationInbox.clear(signedInUser(ctx).id);
    ctx.body = {};
  });

  router.post('/read', ...write, async (ctx) => {
    const maxId = bodyField(ctx, 'max_id') ?? ctx.query.max_id;
    if (maxId !== undefined && maxId !== '' && !isId(maxId)) throw validationError('max_id', 'max_id must be an id');
    await notificationInbox.markRead(signedInUser(ctx).id, isId(maxId) ? maxId : undefined);
    ctx.body = { count: await notificationFeed.unreadCount(await viewerContextOf(ctx, deps.models), DEFAULT_UNREAD_CAP) };
  });

  router.get('/:id', ...read, async (ctx) => {
    ctx.body = await notificationFeed.get(await viewerContextOf(ctx, deps.models), param(ctx, 'id'), baseUrl(ctx));
  });

  router.post('/:id/dismiss', ...write, async (ctx) => {
    await notificationInbox.dismiss(signedInUser(ctx).id, param(ctx, 'id'));
    ctx.body = {};
  });

  return router;
}
