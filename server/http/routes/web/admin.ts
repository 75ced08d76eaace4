/**
 * /admin: the administration start page (people, groups, directory,
 * plugins) and the groups overview. People and directory have their own
 * routes; /admin/plugins belongs to the plugin host.
 */
import Router from '@koa/router';
import type { AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { groupPath } from './groups.js';
import { viewerOf, type WebDeps } from './web-support.js';

export function adminRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/admin', requireAdmin, async (ctx) => {
    const [people, directory] = await Promise.all([deps.users.count(), deps.users.directoryAccountCounts()]);
    renderPage(ctx, deps.renderer, 'admin/index', {
      title: ctx.state.t('admin.index.title'),
      people,
      directoryAccounts: directory.active,
      directoryEnabled: deps.config.ldap.enabled,
    });
  });

  router.get('/admin/groups', requireAdmin, async (ctx) => {
    // Administrators get no pass to private groups: they see what any member of staff may see.
    const listings = await deps.core.groupReads.list(await viewerOf(ctx, deps), { memberOnly: false }, { limit: 40 });
    renderPage(ctx, deps.renderer, 'admin/groups', {
      title: ctx.state.t('admin.groups.title'),
      groups: listings.map(({ group, membersCount }) => ({
        name: group.name,
        url: groupPath(group.slug),
        isPrivate: group.visibility === 'private',
        fromDirectory: group.source === 'ldap',
        archived: group.archivedAt !== null,
        membersCount,
      })),
    });
  });

  return router;
}
