/**
 * Finds the signed-in person from the session. A session whose person was
 * deactivated meanwhile is ended here, so it stops working at once.
 *
 * Reads on the hot-read connections (ViewerReadRepository), never cached:
 * every request sees the person's committed state.
 */
import type { ViewerReadRepository } from '../../db/repositories/viewer-read-repository.js';
import { viewerContextFor } from '../../services/viewer-context-loader.js';
import type { AppMiddleware } from '../context.js';
import { registerViewerLoader } from '../viewer.js';

export function currentUser(viewers: ViewerReadRepository): AppMiddleware {
  return async (ctx, next) => {
    const userId = ctx.session?.userId;
    if (typeof userId === 'string') {
      const user = await viewers.userById(userId);
      if (user && !user.deactivatedAt && !user.suspendedAt) {
        ctx.state.user = user;
        registerViewerLoader(ctx, user, async () => viewerContextFor(user, await viewers.membershipsOf(user.id)));
      } else {
        ctx.session = null;
      }
    }
    await next();
  };
}
