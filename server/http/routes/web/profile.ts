/**
 * Profile pages at /@username: who a colleague is (name, title, department,
 * contact, manager, photo, groups), with a mark when the directory vouches
 * for the account. Signed-in people only.
 */
import Router from '@koa/router';
import type { GroupRepository } from '../../../db/repositories/group-repository.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { notFound } from '../../../domain/errors.js';
import type { AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { avatarUrl } from './avatars.js';

/** The path of a person's profile page. */
export const profilePath = (username: string) => `/@${encodeURIComponent(username)}`;

export function profileRoutes(deps: { renderer: Renders; users: UserRepository; groups: GroupRepository }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/@:username', requireUser, async (ctx) => {
    const user = await deps.users.findByUsername(ctx.params.username ?? '');
    if (!user) throw notFound('Person');
    const manager = user.manager ? await deps.users.findByUsername(user.manager) : null;
    const groups = await deps.groups.listForMember(user.id);
    renderPage(ctx, deps.renderer, 'profile', {
      title: user.displayName,
      profile: {
        username: user.username,
        displayName: user.displayName,
        title: user.title,
        department: user.department,
        email: user.email,
        phone: user.phone,
        avatarUrl: avatarUrl(user),
        verified: user.source === 'ldap',
        deactivated: user.deactivatedAt !== null,
        isViewer: ctx.state.user?.id === user.id,
      },
      manager: manager
        ? { displayName: manager.displayName, url: profilePath(manager.username) }
        : user.manager
          ? { displayName: user.manager }
          : null,
      groups,
    });
  });
  return router;
}
