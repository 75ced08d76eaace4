/**
 * The unread-notification count in the navigation of every page a signed-in
 * person loads (live.js counts up from it). Page requests only: not the
 * API, not images, not form posts.
 */
import type { CoreServices } from '../../services/core-services.js';
import type { Models } from '../../db/models/index.js';
import { isApiPath, type AppMiddleware } from '../context.js';
import { viewerContextOf } from '../viewer.js';

/** The badge stops counting here ("99+"). */
export const BADGE_CAP = 99;

export function navCounts(deps: { core: CoreServices; models: Models }): AppMiddleware {
  return async (ctx, next) => {
    const wantsPage = ctx.method === 'GET' && ctx.state.user && !isApiPath(ctx.path) && (ctx.get('accept') ?? '').includes('text/html');
    if (wantsPage) {
      ctx.state.unreadNotifications = await deps.core.notificationFeed.unreadCount(await viewerContextOf(ctx, deps.models), BADGE_CAP + 1);
    }
    await next();
  };
}
