/**
 * The administrators' People page (/admin/users): accounts, open
 * invitations and the forms to add or invite someone. Rendered by the
 * account routes and the invitation routes alike, so a refused form comes
 * back on the same page with its message.
 */
import type { WarbleConfig } from '../../../config/schema.js';
import type { UserModel } from '../../../db/models/user.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import type { Container } from '../../../container.js';
import type { InstanceSettings } from '../../../services/instance/instance-settings.js';
import type { PeopleServices } from '../../../services/people/people-services.js';
import { resettable } from '../../../services/people/password-reset.js';
import type { AppContext } from '../../context.js';
import { renderPage, type Renders } from '../../views/page-context.js';

const PAGE_SIZE = 50;

export interface UsersPageDeps {
  renderer: Renders;
  users: UserRepository;
  instanceSettings: InstanceSettings;
  directory: Container['directory'];
  people: PeopleServices;
  config?: WarbleConfig;
}

export const directoryDecidesAdmins = (deps: Pick<UsersPageDeps, 'directory'>) => (deps.directory?.settings.adminGroup ?? '') !== '';

/** An upstream admin group rewrites this person's administrator flag at each sign-in: a change made here would not last. */
export const roleDecidedUpstream = (deps: Pick<UsersPageDeps, 'directory' | 'config'>, user: UserModel): boolean =>
  (user.source === 'ldap' && directoryDecidesAdmins(deps)) ||
  (user.source === 'oidc' && deps.config?.auth.oidc.enabled === true && deps.config.auth.oidc.adminGroup !== '');

const queryText = (ctx: AppContext, name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] : undefined);

export async function renderUsersPage(ctx: AppContext, deps: UsersPageDeps, extra: Record<string, unknown> = {}): Promise<void> {
  const page = Math.max(1, Number.parseInt(String(ctx.query.page ?? '1'), 10) || 1);
  const [users, total, invitations] = await Promise.all([
    deps.users.list(PAGE_SIZE, (page - 1) * PAGE_SIZE),
    deps.users.count(),
    deps.people.invitations.listOpen(),
  ]);
  renderPage(ctx, deps.renderer, 'admin/users', {
    title: ctx.state.t('admin.users.title'),
    users: users.map((user) => ({
      ...user.get({ plain: true }),
      isSelf: user.id === ctx.state.user?.id,
      isLocal: user.source === 'local',
      canSendReset: deps.people.mailEnabled && resettable(user) && user.email !== null && !user.deactivatedAt,
      roleFromDirectory: roleDecidedUpstream(deps, user),
    })),
    invitations: invitations.map((invitation) => ({ ...invitation, expired: invitation.state === 'expired' })),
    mailEnabled: deps.people.mailEnabled,
    directoryOn: deps.directory !== null,
    localAccountsAllowed: deps.instanceSettings.current().signUpPolicy !== 'directory',
    done: queryText(ctx, 'done'),
    doneName: queryText(ctx, 'name'),
    total,
    nextPage: page * PAGE_SIZE < total ? page + 1 : undefined,
    previousPage: page > 1 ? page - 1 : undefined,
    values: {},
    inviteValues: {},
    ...extra,
  });
}
