/**
 * The facts every group use case decides on — the group, the actor's own
 * membership row and the domain ViewerContext built from them — read inside
 * the use case's transaction, so a decision never rests on a stale
 * per-request cache. Also the refusals every use case shares.
 */
import { isMirroredGroup } from '../../domain/group-source.js';
import type { Transaction } from 'sequelize';
import type { GroupModel } from '../../db/models/group.js';
import type { GroupMembershipModel } from '../../db/models/group-membership.js';
import type { UserModel } from '../../db/models/user.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { DomainError, notFound } from '../../domain/errors.js';
import {
  canSeeGroup,
  viewerContext,
  type Group as DomainGroup,
  type GroupMembershipState,
  type ViewerContext,
} from '../../domain/visibility/index.js';

export type GroupActor = Pick<UserModel, 'id' | 'isAdmin' | 'deactivatedAt'>;

export interface GroupFacts {
  group: GroupModel;
  domainGroup: DomainGroup;
  mine: GroupMembershipModel | null;
  ctx: ViewerContext;
}

/** owner/admin/member when active, else the pending state. */
export function membershipState(row: Pick<GroupMembershipModel, 'role' | 'state'>): GroupMembershipState {
  return row.state === 'active' ? row.role : row.state;
}

export function toDomainGroup(group: Pick<GroupModel, 'id' | 'visibility'>): DomainGroup {
  return { id: group.id, visibility: group.visibility, deletedAt: null };
}

/** Loads the group and the actor's relation to it; an unknown group is a 404. */
export async function loadGroupFacts(
  groups: GroupRepository,
  actor: GroupActor,
  groupId: string,
  transaction?: Transaction,
): Promise<GroupFacts> {
  const group = await groups.findById(groupId, transaction);
  if (!group) throw notFound('Group');
  const mine = await groups.membership(groupId, actor.id, transaction);
  const ctx = viewerContext(
    { kind: 'user', id: actor.id, isAdmin: actor.isAdmin, isActive: actor.deactivatedAt === null },
    mine ? [[group.id, membershipState(mine)]] : [],
  );
  return { group, domainGroup: toDomainGroup(group), mine, ctx };
}

/** A group the actor may not know about is a 404, never a 403: its existence is private. */
export function requireVisible(facts: GroupFacts): void {
  if (!canSeeGroup(facts.ctx, facts.domainGroup)) throw notFound('Group');
}

/** Directory groups' members come from directory sync; hand edits would be undone at the next sync. */
export function refuseDirectoryGroup(group: GroupModel, field = 'group'): void {
  if (isMirroredGroup(group.source)) {
    throw new DomainError(
      'E_VALIDATION',
      'This group mirrors a directory group: its members are managed in the company directory, not in Warble',
      422,
      field,
    );
  }
}
