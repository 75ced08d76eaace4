/**
 * Administration of people: list accounts, add a local account (unless the
 * sign-up policy is 'directory'), make or revoke administrators (never your
 * own role), deactivate and reactivate local accounts (the directory decides
 * for directory accounts). Every change is audited.
 */
import Router from '@koa/router';
import type { WarbleConfig } from '../../../config/schema.js';
import type { UserModel } from '../../../db/models/user.js';
import type { LocalUserCreateService } from '../../../services/local-user-create.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { fieldErrors, formField } from '../../forms.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import type { AccessRevoker } from '../../../auth/access-revoker.js';
import { renderUsersPage, roleDecidedUpstream, type UsersPageDeps } from './admin-users-page.js';
import { notFound } from '../../../domain/errors.js';
import { requestActor } from '../../request-actor.js';
import { AccountActivation } from '../../../services/account-activation.js';
import type { Container } from '../../../container.js';

export function adminUserRoutes(deps: UsersPageDeps & {
  localUsers: LocalUserCreateService;
  audit: AuditLog;
  revoker: AccessRevoker;
  sequelize: Container['sequelize'];
  core: Pick<Container['core'], 'events'>;
  config?: WarbleConfig;
}): Router<AppState> {
  const router = new Router<AppState>();
  const activation = new AccountActivation(deps.sequelize, deps.core.events);

  const roleDecided = (user: UserModel) => roleDecidedUpstream(deps, user);
  const showUsers = (ctx: AppContext, extra: Record<string, unknown> = {}) => renderUsersPage(ctx, deps, extra);

  router.get('/admin', requireAdmin, (ctx) => ctx.redirect('/admin/users'));
  router.get('/admin/users', requireAdmin, (ctx) => showUsers(ctx, { added: ctx.query.added }));
  router.post('/admin/users', requireAdmin, async (ctx) => {
    const values = {
      username: formField(ctx, 'username'),
      displayName: formField(ctx, 'displayName'),
      email: formField(ctx, 'email'),
      isAdmin: formField(ctx, 'isAdmin') === 'on',
    };
    if (deps.instanceSettings.current().signUpPolicy === 'directory') {
      ctx.status = 422;
      await showUsers(ctx, { values, errors: { username: ctx.state.t('admin.users.directoryOnly') } });
      return;
    }
    try {
      const user = await deps.localUsers.create({ ...values, password: formField(ctx, 'password') });
      ctx.state.log.info({ event: 'admin.user.created', by: ctx.state.user?.id, userId: user.id }, 'local user added');
      await deps.audit.record({
        action: 'user.created',
        ...requestActor(ctx),
        targetType: 'user',
        targetId: user.id,
        detail: { username: user.username, isAdmin: user.isAdmin, via: 'admin page' },
      });
      ctx.redirect(`/admin/users?added=${encodeURIComponent(user.username)}`);
    } catch (error) {
      ctx.status = 422;
      await showUsers(ctx, { values, errors: fieldErrors(ctx, error) });
    }
  });

  /** One account's action: refusals re-render the list with the reason (422); success redirects with a notice. */
  async function act(ctx: AppContext, run: (target: UserModel, actor: UserModel) => Promise<string | null>) {
    const actor = ctx.state.user;
    const target = await deps.users.findById(ctx.params.id ?? '');
    if (!actor || !target) throw notFound('User');
    const refusal = await run(target, actor);
    if (refusal) {
      ctx.status = 422;
      await showUsers(ctx, { actionError: ctx.state.t(refusal, { name: target.username }) });
      return;
    }
  }

  const record = (ctx: AppContext, action: 'user.role-changed' | 'user.deactivated' | 'user.reactivated', target: UserModel, detail: Record<string, unknown>) =>
    deps.audit.record({
      action,
      ...requestActor(ctx),
      targetType: 'user',
      targetId: target.id,
      detail: { username: target.username, ...detail },
    });

  const done = (ctx: AppContext, what: string, target: UserModel) =>
    ctx.redirect(`/admin/users?done=${what}&name=${encodeURIComponent(target.username)}`);

  router.post('/admin/users/:id/role', requireAdmin, (ctx) =>
    act(ctx, async (target, actor) => {
      const makeAdmin = formField(ctx, 'admin') === '1';
      if (!makeAdmin && target.id === actor.id) return 'admin.users.refuseOwnRole';
      if (roleDecided(target)) return 'admin.users.directoryDecidesRole';
      if (target.isAdmin !== makeAdmin) {
        await target.update({ isAdmin: makeAdmin });
        await record(ctx, 'user.role-changed', target, { isAdmin: makeAdmin });
        ctx.state.log.info({ event: 'admin.user.role', by: actor.id, userId: target.id, isAdmin: makeAdmin }, 'administrator role changed');
      }
      done(ctx, makeAdmin ? 'madeAdmin' : 'revokedAdmin', target);
      return null;
    }),
  );

  // Moderators work the report queue (/admin/moderation) without being administrators.
  router.post('/admin/users/:id/moderator', requireAdmin, (ctx) =>
    act(ctx, async (target) => {
      const makeModerator = formField(ctx, 'moderator') === '1';
      if (target.isModerator !== makeModerator) {
        await target.update({ isModerator: makeModerator });
        await record(ctx, 'user.role-changed', target, { isModerator: makeModerator });
      }
      done(ctx, makeModerator ? 'madeModerator' : 'revokedModerator', target);
      return null;
    }),
  );

  // Communicators publish announcements (/announcements) without being administrators.
  router.post('/admin/users/:id/communicator', requireAdmin, (ctx) =>
    act(ctx, async (target) => {
      const makeCommunicator = formField(ctx, 'communicator') === '1';
      if (target.isCommunicator !== makeCommunicator) {
        await target.update({ isCommunicator: makeCommunicator });
        await record(ctx, 'user.role-changed', target, { isCommunicator: makeCommunicator });
      }
      done(ctx, makeCommunicator ? 'madeCommunicator' : 'revokedCommunicator', target);
      return null;
    }),
  );

  router.post('/admin/users/:id/deactivate', requireAdmin, (ctx) =>
    act(ctx, async (target, actor) => {
      if (target.id === actor.id) return 'admin.users.refuseOwnDeactivation';
      if (target.source === 'ldap') return 'admin.users.directoryDecidesActive';
      if (target.source === 'scim') return 'admin.users.scimDecidesActive';
      // Someone must always be able to administer Warble (and an active admin also voids the setup link).
      if (target.isAdmin && !target.deactivatedAt && (await deps.users.countOtherActiveAdmins(target.id)) === 0) return 'people.refuseLastAdmin';
      if (!target.deactivatedAt) {
        await activation.deactivate(target);
        const revoked = await deps.revoker.revokeAll(target.id);
        await record(ctx, 'user.deactivated', target, { via: 'admin page', ...revoked });
        ctx.state.log.info({ event: 'admin.user.deactivated', by: actor.id, userId: target.id }, 'local account deactivated');
      }
      done(ctx, 'deactivated', target);
      return null;
    }),
  );

  router.post('/admin/users/:id/reactivate', requireAdmin, (ctx) =>
    act(ctx, async (target) => {
      if (target.source === 'ldap') return 'admin.users.directoryDecidesActive';
      if (target.source === 'scim') return 'admin.users.scimDecidesActive';
      if (target.deactivatedAt) {
        await activation.reactivate(target);
        await record(ctx, 'user.reactivated', target, { via: 'admin page' });
      }
      done(ctx, 'reactivated', target);
      return null;
    }),
  );
  return router;
}
