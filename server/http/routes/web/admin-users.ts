/** Administration of people: list accounts, add a local account. */
import Router from '@koa/router';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import type { LocalUserCreateService } from '../../../services/local-user-create.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { fieldErrors, formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';

const PAGE_SIZE = 50;

export function adminUserRoutes(deps: {
  renderer: Renders;
  users: UserRepository;
  localUsers: LocalUserCreateService;
  audit: AuditLog;
}): Router<AppState> {
  const router = new Router<AppState>();

  async function showUsers(ctx: AppContext, extra: Record<string, unknown> = {}) {
    const page = Math.max(1, Number.parseInt(String(ctx.query.page ?? '1'), 10) || 1);
    const [users, total] = await Promise.all([
      deps.users.list(PAGE_SIZE, (page - 1) * PAGE_SIZE),
      deps.users.count(),
    ]);
    renderPage(ctx, deps.renderer, 'admin/users', {
      title: ctx.state.t('admin.users.title'),
      users: users.map((user) => user.get({ plain: true })),
      total,
      nextPage: page * PAGE_SIZE < total ? page + 1 : undefined,
      previousPage: page > 1 ? page - 1 : undefined,
      values: {},
      ...extra,
    });
  }

  router.get('/admin', requireAdmin, (ctx) => ctx.redirect('/admin/users'));
  router.get('/admin/users', requireAdmin, (ctx) => showUsers(ctx, { added: ctx.query.added }));
  router.post('/admin/users', requireAdmin, async (ctx) => {
    const values = {
      username: formField(ctx, 'username'),
      displayName: formField(ctx, 'displayName'),
      email: formField(ctx, 'email'),
      isAdmin: formField(ctx, 'isAdmin') === 'on',
    };
    try {
      const user = await deps.localUsers.create({ ...values, password: formField(ctx, 'password') });
      ctx.state.log.info({ event: 'admin.user.created', by: ctx.state.user?.id, userId: user.id }, 'local user added');
      await deps.audit.record({
        action: 'user.created',
        actorId: ctx.state.user?.id ?? null,
        actorLabel: ctx.state.user?.username ?? 'unknown',
        targetType: 'user',
        targetId: user.id,
        address: ctx.ip,
        detail: { username: user.username, isAdmin: user.isAdmin, via: 'admin page' },
      });
      ctx.redirect(`/admin/users?added=${encodeURIComponent(user.username)}`);
    } catch (error) {
      ctx.status = 422;
      await showUsers(ctx, { values, errors: fieldErrors(ctx, error) });
    }
  });
  return router;
}
