/**
 * /admin: the administration start page (people, groups, directory,
 * plugins) and the groups overview, where local groups are archived
 * (read-only: no new posts or members) and unarchived; directory groups
 * follow the directory. People and directory have their own
 * routes; /admin/plugins belongs to the plugin host.
 */
import { isMirroredGroup } from '../../../domain/group-source.js';
import Router from '@koa/router';
import { Op } from 'sequelize';
import type { AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { groupPath } from './groups.js';
import { viewerOf, type WebDeps } from './web-support.js';
import type { Container } from '../../../container.js';
import { notFound } from '../../../domain/errors.js';
import { canSeeGroup } from '../../../domain/visibility/index.js';
import { toDomainGroup } from '../../../services/groups/group-access.js';
import type { AppContext } from '../../context.js';
import { requestActor } from '../../request-actor.js';

export function adminRoutes(deps: WebDeps & Pick<Container, 'audit'>): Router<AppState> {
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
    const viewer = await viewerOf(ctx, deps);
    const listings = await deps.core.groupReads.list(viewer, { memberOnly: false }, { limit: 40 });
    // The listing leaves archived groups out; local ones are listed after it so they can be unarchived, under the same rule.
    const archivedLocal = (
      await deps.models.Group.findAll({ where: { source: 'local', archivedAt: { [Op.ne]: null } }, order: [['name', 'ASC']], limit: 100 })
    ).filter((group) => canSeeGroup(viewer, toDomainGroup(group)));
    const archivedCounts = await Promise.all(archivedLocal.map((group) => deps.models.GroupMembership.count({ where: { groupId: group.id, state: 'active' } })));
    renderPage(ctx, deps.renderer, 'admin/groups', {
      title: ctx.state.t('admin.groups.title'),
      done: typeof ctx.query.done === 'string' ? ctx.query.done : undefined,
      doneName: typeof ctx.query.name === 'string' ? ctx.query.name : undefined,
      groups: listings.map(({ group, membersCount }) => ({
        id: group.id,
        name: group.name,
        url: groupPath(group.slug),
        isPrivate: group.visibility === 'private',
        fromDirectory: isMirroredGroup(group.source),
        archived: group.archivedAt !== null,
        membersCount,
      })).concat(
        archivedLocal.map((group, index) => ({
          id: group.id,
          name: group.name,
          url: groupPath(group.slug),
          isPrivate: group.visibility === 'private',
          fromDirectory: false,
          archived: true,
          membersCount: archivedCounts[index] ?? 0,
        })),
      ),
    });
  });

  async function setArchived(ctx: AppContext, archived: boolean) {
    const group = await deps.models.Group.findByPk(ctx.params.id ?? '');
    // Directory groups are archived and restored by the directory sync.
    if (!group || group.source === 'ldap') throw notFound('Group');
    if ((group.archivedAt !== null) !== archived) {
      await group.update({ archivedAt: archived ? new Date() : null });
      await deps.audit.record({
        action: archived ? 'group.archived' : 'group.unarchived',
        ...requestActor(ctx),
        targetType: 'group',
        targetId: group.id,
        detail: { slug: group.slug, name: group.name },
      });
    }
    ctx.redirect(`/admin/groups?done=${archived ? 'archived' : 'unarchived'}&name=${encodeURIComponent(group.name)}`);
  }
  router.post('/admin/groups/:id/archive', requireAdmin, (ctx) => setArchived(ctx, true));
  router.post('/admin/groups/:id/unarchive', requireAdmin, (ctx) => setArchived(ctx, false));

  return router;
}
