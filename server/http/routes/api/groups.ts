/**
 * Warble groups as API resources in Mastodon's style. Who may do what is
 * decided in services/groups (see group-membership.ts for the rules); a
 * private group is a 404 for anyone who may not know it exists.
 *
 *   POST   /api/v1/groups                                   create (creator is owner)
 *   GET    /api/v1/groups[?member=true]                     groups I can see / mine
 *   GET    /api/v1/groups/:id
 *   POST   /api/v1/groups/:id/join | /leave
 *   GET    /api/v1/groups/:id/members                       [{account, role, state}]
 *   POST   /api/v1/groups/:id/members                       {account_id, role}: add or invite
 *   DELETE /api/v1/groups/:id/members/:accountId
 *   PATCH  /api/v1/groups/:id/members/:accountId            {role} (also POST …/role)
 *   POST   /api/v1/groups/:id/invitation/accept | /decline
 *   GET    /api/v1/groups/:id/requests                      [Account]
 *   POST   /api/v1/groups/:id/requests/:accountId/approve | /reject
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import type { GroupModel } from '../../../db/models/group.js';
import type { GroupMembershipModel } from '../../../db/models/group-membership.js';
import type { UserModel } from '../../../db/models/user.js';
import { notFound, validationError } from '../../../domain/errors.js';
import { toApiGroup, type ApiGroupMember } from '../../../serializers/group.js';
import { roleOrThrow } from '../../../services/groups/group-membership.js';
import { apiAccountOf } from '../../../services/social/account-view.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { bodyField } from './request-body.js';
import { isTrueParam, param, signedInUser } from './social-params.js';

export function groupRoutes(deps: Pick<Container, 'core' | 'config' | 'models'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/groups' });
  const { groupCreate, groupMembership, groupReads } = deps.core;
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);
  const read = [requireUser, requireScope('read')] as const;
  const write = [requireUser, requireScope('write')] as const;

  /** The group as this viewer sees it, after a write (their membership is read fresh). */
  const showGroup = async (ctx: AppContext, group: GroupModel) => {
    const [listing] = await groupReads.describe(await viewerContextOf(ctx, deps.models), [group]);
    const membersCount = listing?.membersCount ?? 0;
    const membership = listing?.membership ?? null;
    return toApiGroup(group, { membersCount, membership, baseUrl: baseUrl(ctx) });
  };

  const member = async (ctx: AppContext, userId: string, membership: GroupMembershipModel): Promise<ApiGroupMember> => {
    const user = await deps.models.User.findByPk(userId);
    if (!user) throw notFound('Account');
    return { id: user.id, account: apiAccountOf(user, baseUrl(ctx)), role: membership.role, state: membership.state };
  };

  const accountId = (ctx: AppContext): string => {
    const value = bodyField(ctx, 'account_id');
    if (typeof value !== 'string' || value === '') throw validationError('account_id', 'account_id names the person');
    return value;
  };

  router.post('/', ...write, async (ctx) => {
    const { group } = await groupCreate.create(signedInUser(ctx).id, {
      name: bodyField(ctx, 'name'),
      description: bodyField(ctx, 'description'),
      visibility: bodyField(ctx, 'visibility'),
    });
    ctx.body = await showGroup(ctx, group);
  });

  router.get('/', ...read, async (ctx) => {
    const viewer = await viewerContextOf(ctx, deps.models);
    const listings = await groupReads.list(viewer, { memberOnly: isTrueParam(ctx.query.member) }, readPage(ctx));
    setLinkHeader(ctx, listings.map((listing) => listing.group), baseUrl(ctx));
    ctx.body = listings.map((listing) => toApiGroup(listing.group, { ...listing, baseUrl: baseUrl(ctx) }));
  });

  router.get('/:id', ...read, async (ctx) => {
    const listing = await groupReads.get(await viewerContextOf(ctx, deps.models), param(ctx, 'id'));
    ctx.body = toApiGroup(listing.group, { ...listing, baseUrl: baseUrl(ctx) });
  });

  router.post('/:id/join', ...write, async (ctx) => {
    const { group } = await groupMembership.join(signedInUser(ctx), param(ctx, 'id'));
    ctx.body = await showGroup(ctx, group);
  });

  router.post('/:id/leave', ...write, async (ctx) => {
    const { group } = await groupMembership.leave(signedInUser(ctx), param(ctx, 'id'));
    ctx.body = await showGroup(ctx, group);
  });

  router.post('/:id/invitation/accept', ...write, async (ctx) => {
    const { group } = await groupMembership.acceptInvitation(signedInUser(ctx), param(ctx, 'id'));
    ctx.body = await showGroup(ctx, group);
  });

  router.post('/:id/invitation/decline', ...write, async (ctx) => {
    const { group } = await groupMembership.declineInvitation(signedInUser(ctx), param(ctx, 'id'));
    ctx.body = await showGroup(ctx, group);
  });

  const showMembers = (ctx: AppContext, rows: Array<{ user: UserModel; membership: GroupMembershipModel }>) => {
    setLinkHeader(ctx, rows.map((row) => row.user), baseUrl(ctx));
    return rows.map((row) => ({ user: row.user, membership: row.membership }));
  };

  router.get('/:id/members', ...read, async (ctx) => {
    const rows = await groupReads.members(await viewerContextOf(ctx, deps.models), param(ctx, 'id'), readPage(ctx));
    ctx.body = showMembers(ctx, rows).map(({ user, membership }): ApiGroupMember => ({
      id: user.id,
      account: apiAccountOf(user, baseUrl(ctx)),
      role: membership.role,
      state: membership.state,
    }));
  });

  router.post('/:id/members', ...write, async (ctx) => {
    const moved = await groupMembership.addMember(signedInUser(ctx), param(ctx, 'id'), accountId(ctx), roleOrThrow(bodyField(ctx, 'role')));
    ctx.body = await member(ctx, moved.userId, moved.membership);
  });

  router.delete('/:id/members/:accountId', ...write, async (ctx) => {
    await groupMembership.removeMember(signedInUser(ctx), param(ctx, 'id'), param(ctx, 'accountId'));
    ctx.body = {};
  });

  const changeRole = async (ctx: AppContext & { params: Record<string, string> }) => {
    const role = bodyField(ctx, 'role');
    if (role === undefined || role === '') throw validationError('role', 'Role is owner, admin or member');
    const moved = await groupMembership.changeRole(signedInUser(ctx), param(ctx, 'id'), param(ctx, 'accountId'), roleOrThrow(role));
    ctx.body = await member(ctx, moved.userId, moved.membership);
  };
  router.patch('/:id/members/:accountId', ...write, changeRole);
  router.post('/:id/members/:accountId/role', ...write, changeRole);

  router.get('/:id/requests', ...read, async (ctx) => {
    const rows = await groupReads.requests(await viewerContextOf(ctx, deps.models), param(ctx, 'id'), readPage(ctx));
    ctx.body = showMembers(ctx, rows).map(({ user }) => apiAccountOf(user, baseUrl(ctx)));
  });

  router.post('/:id/requests/:accountId/approve', ...write, async (ctx) => {
    const moved = await groupMembership.approveRequest(signedInUser(ctx), param(ctx, 'id'), param(ctx, 'accountId'));
    ctx.body = await member(ctx, moved.userId, moved.membership);
  });

  router.post('/:id/requests/:accountId/reject', ...write, async (ctx) => {
    await groupMembership.rejectRequest(signedInUser(ctx), param(ctx, 'id'), param(ctx, 'accountId'));
    ctx.body = {};
  });

  return router;
}
