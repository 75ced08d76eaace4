/**
 * Finds the signed-in person from the session. A session whose person was
 * deactivated meanwhile is ended here, so it stops working at once.
 */
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { AppMiddleware } from '../context.js';

export function currentUser(users: UserRepository): AppMiddleware {
  return async (ctx, next) => {
    const userId = ctx.session?.userId;
    if (typeof userId === 'string') {
      const user = await users.findById(userId);
      if (user && !user.deactivatedAt && !user.suspendedAt) {
        ctx.state.user = user;
      } else {
        ctx.session = null;
      }
    }
    await next();
  };
}
