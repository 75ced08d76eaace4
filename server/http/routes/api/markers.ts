/**
 * Mastodon's markers API for the notifications timeline. The marker is not
 * stored apart: it is the newest read notification, so it always agrees
 * with Warble's per-notification `read` flag and the unread count. Saving a
 * marker marks every notification up to it read. Other timelines (`home`)
 * keep no marker in Warble and are left out of answers.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { isId } from '../../../domain/ids.js';
import { validationError } from '../../../domain/errors.js';
import type { ApiMarker } from '../../../serializers/notification.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { bodyField } from './request-body.js';
import { queryList, signedInUser } from './social-params.js';

export function markerRoutes(deps: Pick<Container, 'core'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/markers' });
  const inbox = deps.core.notificationInbox;

  const markers = async (ctx: AppContext): Promise<Record<string, ApiMarker>> => {
    const marker = await inbox.marker(signedInUser(ctx).id);
    if (!marker) return {};
    return {
      notifications: { last_read_id: marker.lastReadId, version: marker.version, updated_at: marker.updatedAt.toISOString() },
    };
  };

  router.get('/', requireUser, requireScope('read:statuses'), async (ctx) => {
    const timelines = queryList(ctx, 'timeline');
    ctx.body = timelines.length === 0 || timelines.includes('notifications') ? await markers(ctx) : {};
  });

  router.post('/', requireUser, requireScope('write:statuses'), async (ctx) => {
    // JSON `{notifications: {last_read_id}}`, or the form field `notifications[last_read_id]`.
    const nested = bodyField(ctx, 'notifications');
    const lastReadId =
      nested && typeof nested === 'object' ? (nested as Record<string, unknown>).last_read_id : bodyField(ctx, 'notifications[last_read_id]');
    if (lastReadId !== undefined) {
      if (!isId(lastReadId)) throw validationError('notifications[last_read_id]', 'last_read_id must be a notification id');
      await inbox.markRead(signedInUser(ctx).id, lastReadId);
    }
    ctx.body = await markers(ctx);
  });

  return router;
}
