/**
 * Every move of a person in or out of a group — join, request, invite,
 * accept, decline, approve, reject, leave, remove, change role — as named
 * steps over one membership row, each in its own transaction. Notifications
 * are written in the transaction; `group.member*` and `notification.created`
 * are told after commit.
 *
 * Who may do what (documented for API clients):
 * - join: a public group makes you a member at once; a private group records
 *   a request and notifies its owners and admins. Joining when invited
 *   accepts the invitation.
 * - add (POST /members): owners/admins of a public group add people directly;
 *   in a private group adding is an invitation (the person accepts or
 *   declines), except that adding someone who asked to join approves them.
 *   In a public group a plain member may invite colleagues (an invitation).
 *   Only owners hand out the admin or owner role.
 * - remove: owners/admins remove members and withdraw invitations/requests;
 *   only owners remove admins or owners; removing yourself is leaving.
 * - roles: owners only; the last owner can neither leave nor step down.
 * - directory groups (source 'ldap'): membership comes from directory sync, so
 *   every manual membership change is refused (422); roles may still change.
 */
import { isMirroredGroup } from '../../domain/group-source.js';
import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { GroupModel } from '../../db/models/group.js';
import type { GroupMembershipModel, GroupRole } from '../../db/models/group-membership.js';
import type { Models } from '../../db/models/index.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { forbidden, notFound, validationError } from '../../domain/errors.js';
import { canInviteToGroup, canManageGroup, isGroupManagerRole } from '../../domain/visibility/index.js';
import type { EventPublisher, WarbleEvents } from '../events.js';
import type { NotificationDraft, NotificationWriter } from '../notifications/notification-writer.js';
import { loadGroupFacts, refuseDirectoryGroup, requireVisible, type GroupActor, type GroupFacts } from './group-access.js';

export interface GroupMembershipDependencies {
  sequelize: Sequelize;
  models: Models;
  groups: GroupRepository;
  notifications: NotificationWriter;
  events: EventPublisher;
}

/** The group and the actor's relation to it after a move. */
export interface GroupWithMembership {
  group: GroupModel;
  membership: GroupMembershipModel | null;
}

/** Someone's row after a move made by a manager. */
export interface MemberAfterMove {
  userId: string;
  membership: GroupMembershipModel;
}

const ROLES: readonly GroupRole[] = ['owner', 'admin', 'member'];

/** 'member' when absent; a 422 naming `role` for anything but owner/admin/member. */
export function roleOrThrow(value: unknown): GroupRole {
  if (value === undefined || value === null || value === '') return 'member';
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as GroupRole;
  throw validationError('role', 'Role is owner, admin or member');
}

type Effect = { [K in 'group.memberAdded' | 'group.memberRemoved']: { name: K; payload: WarbleEvents[K] } }[
  'group.memberAdded' | 'group.memberRemoved'
];

/** What a step wants told: recorded in the step's transaction (the event outbox, services/events.ts) when it ends. */
class Outbox {
  readonly effects: Effect[] = [];
  readonly notifications: NotificationDraft[] = [];
  added(groupId: string, userId: string): void {
    this.effects.push({ name: 'group.memberAdded', payload: { groupId, userId } });
  }
  removed(groupId: string, userId: string): void {
    this.effects.push({ name: 'group.memberRemoved', payload: { groupId, userId } });
  }
}

export class GroupMembershipService {
  constructor(private readonly deps: GroupMembershipDependencies) {}

  /** Join a public group, ask to join a private one, or accept a pending invitation. */
  join(actor: GroupActor, groupId: string): Promise<GroupWithMembership> {
    return this.step(actor, groupId, async (facts, outbox, transaction) => {
      const { group, mine } = facts;
      // A private group is joined by request from people who were given its
      // id; they cannot see it yet, so only local (requestable) groups skip the visibility check.
      if (group.visibility === 'public' || isMirroredGroup(group.source) || group.archivedAt) requireVisible(facts);
      refuseDirectoryGroup(group);
      if (group.archivedAt) throw validationError('group', 'This group is archived');
      if (mine?.state === 'active') return this.mine(group, mine);
      if (mine?.state === 'invited' || (group.visibility === 'public' && mine?.state === 'requested')) {
        outbox.added(group.id, actor.id);
        return this.mine(group, await mine.update({ state: 'active' }, { transaction }));
      }
      if (mine?.state === 'requested') return this.mine(group, mine);
      if (group.visibility === 'public') {
        outbox.added(group.id, actor.id);
        return this.mine(group, await this.deps.groups.putMembership(group.id, actor.id, 'member', 'active', transaction));
      }
      const request = await this.deps.groups.putMembership(group.id, actor.id, 'member', 'requested', transaction);
      for (const managerId of await this.deps.groups.managerIds(group.id, transaction)) {
        outbox.notifications.push({ recipientId: managerId, type: 'group_join_request', actorId: actor.id, groupId: group.id });
      }
      return this.mine(group, request);
    });
  }

  /** Leave, cancel a request or decline an invitation. The last owner cannot leave. */
  leave(actor: GroupActor, groupId: string): Promise<GroupWithMembership> {
    return this.step(actor, groupId, async (facts, outbox, transaction) => {
      requireVisible(facts);
      refuseDirectoryGroup(facts.group);
      const { group, mine } = facts;
      if (!mine) return this.mine(group, null);
      await this.refuseLastOwner(group.id, mine, 'role', 'You are the last owner: make someone else an owner before leaving', transaction);
      await this.deps.groups.deleteMembership(group.id, actor.id, transaction);
      if (mine.state === 'active') outbox.removed(group.id, actor.id);
      return this.mine(group, null);
    });
  }

  acceptInvitation(actor: GroupActor, groupId: string): Promise<GroupWithMembership> {
    return this.step(actor, groupId, async (facts, outbox, transaction) => {
      requireVisible(facts);
      const { group, mine } = facts;
      if (mine?.state !== 'invited') throw notFound('Invitation');
      outbox.added(group.id, actor.id);
      return this.mine(group, await mine.update({ state: 'active' }, { transaction }));
    });
  }

  declineInvitation(actor: GroupActor, groupId: string): Promise<GroupWithMembership> {
    return this.step(actor, groupId, async (facts, _outbox, transaction) => {
      requireVisible(facts);
      const { group, mine } = facts;
      if (mine?.state !== 'invited') throw notFound('Invitation');
      await this.deps.groups.deleteMembership(group.id, actor.id, transaction);
      return this.mine(group, null);
    });
  }

  /** Add or invite `targetId` (see the rules at the top of this file). */
  addMember(actor: GroupActor, groupId: string, targetId: string, role: GroupRole): Promise<MemberAfterMove> {
    return this.step(actor, groupId, async (facts, outbox, transaction) => {
      requireVisible(facts);
      const { group, ctx, domainGroup } = facts;
      refuseDirectoryGroup(group, 'account_id');
      if (!canInviteToGroup(ctx, domainGroup)) throw forbidden('Only the group’s owners and admins can add people');
      const manager = canManageGroup(ctx, domainGroup);
      if (role !== 'member' && facts.mine?.role !== 'owner') throw forbidden('Only owners can make someone an admin or owner');
      await this.activeUser(targetId, transaction);
      const existing = await this.deps.groups.membership(group.id, targetId, transaction);
      if (existing?.state === 'active' || existing?.state === 'invited') return { userId: targetId, membership: existing };
      if (existing?.state === 'requested') {
        if (!manager) return { userId: targetId, membership: existing };
        outbox.added(group.id, targetId);
        return { userId: targetId, membership: await existing.update({ role, state: 'active' }, { transaction }) };
      }
      if (manager && group.visibility === 'public') {
        outbox.added(group.id, targetId);
        return { userId: targetId, membership: await this.deps.groups.putMembership(group.id, targetId, role, 'active', transaction) };
      }
      outbox.notifications.push({ recipientId: targetId, type: 'group_invite', actorId: actor.id, groupId: group.id });
      return { userId: targetId, membership: await this.deps.groups.putMembership(group.id, targetId, role, 'invited', transaction) };
    });
  }

  /** Remove a member or withdraw an invitation/request; removing yourself is leaving. */
  async removeMember(actor: GroupActor, groupId: string, targetId: string): Promise<void> {
    if (targetId === actor.id) {
      await this.leave(actor, groupId);
      return;
    }
    await this.step(actor, groupId, async (facts, outbox, transaction) => {
      requireVisible(facts);
      const { group, ctx, domainGroup } = facts;
      refuseDirectoryGroup(group, 'account_id');
      if (!canManageGroup(ctx, domainGroup)) throw forbidden('Only the group’s owners and admins can remove people');
      const target = await this.deps.groups.membership(group.id, targetId, transaction);
      if (!target) throw notFound('Member');
      if (target.state === 'active' && isGroupManagerRole(target.role) && facts.mine?.role !== 'owner') {
        throw forbidden('Only owners can remove admins and owners');
      }
      await this.deps.groups.deleteMembership(group.id, targetId, transaction);
      if (target.state === 'active') outbox.removed(group.id, targetId);
    });
  }

  /** Owners only; the last owner cannot step down. */
  changeRole(actor: GroupActor, groupId: string, targetId: string, role: GroupRole): Promise<MemberAfterMove> {
    return this.step(actor, groupId, async (facts, _outbox, transaction) => {
      requireVisible(facts);
      if (facts.mine?.state !== 'active' || facts.mine.role !== 'owner') throw forbidden('Only owners can change roles');
      const target = await this.deps.groups.membership(facts.group.id, targetId, transaction);
      if (target?.state !== 'active') throw notFound('Member');
      if (role !== 'owner') {
        await this.refuseLastOwner(facts.group.id, target, 'role', 'The group needs at least one owner', transaction);
      }
      return { userId: targetId, membership: await target.update({ role }, { transaction }) };
    });
  }

  approveRequest(actor: GroupActor, groupId: string, targetId: string): Promise<MemberAfterMove> {
    return this.step(actor, groupId, async (facts, outbox, transaction) => {
      const target = await this.pendingRequest(facts, targetId, transaction);
      outbox.added(facts.group.id, targetId);
      return { userId: targetId, membership: await target.update({ state: 'active', role: 'member' }, { transaction }) };
    });
  }

  async rejectRequest(actor: GroupActor, groupId: string, targetId: string): Promise<void> {
    await this.step(actor, groupId, async (facts, _outbox, transaction) => {
      await this.pendingRequest(facts, targetId, transaction);
      await this.deps.groups.deleteMembership(facts.group.id, targetId, transaction);
    });
  }

  private async pendingRequest(facts: GroupFacts, targetId: string, transaction: Transaction): Promise<GroupMembershipModel> {
    requireVisible(facts);
    refuseDirectoryGroup(facts.group, 'account_id');
    if (!canManageGroup(facts.ctx, facts.domainGroup)) throw forbidden('Only the group’s owners and admins can answer join requests');
    const target = await this.deps.groups.membership(facts.group.id, targetId, transaction);
    if (target?.state !== 'requested') throw notFound('Join request');
    return target;
  }

  private async refuseLastOwner(
    groupId: string,
    row: GroupMembershipModel,
    field: string,
    message: string,
    transaction: Transaction,
  ): Promise<void> {
    if (row.state === 'active' && row.role === 'owner' && (await this.deps.groups.ownerCount(groupId, transaction)) <= 1) {
      throw validationError(field, message);
    }
  }

  private async activeUser(userId: string, transaction: Transaction): Promise<void> {
    const user = await this.deps.models.User.findByPk(userId, { attributes: ['id', 'deactivatedAt'], transaction });
    if (!user || user.deactivatedAt) throw notFound('Account');
  }

  private mine(group: GroupModel, membership: GroupMembershipModel | null): GroupWithMembership {
    return { group, membership };
  }

  /** Runs one move in a transaction, recording what happened in it (told after commit). */
  private async step<T>(
    actor: GroupActor,
    groupId: string,
    move: (facts: GroupFacts, outbox: Outbox, transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const attempt = () =>
      this.deps.sequelize.transaction(async (transaction) => {
        const outbox = new Outbox();
        const facts = await loadGroupFacts(this.deps.groups, actor, groupId, transaction);
        const value = await move(facts, outbox, transaction);
        const written = await this.deps.notifications.write(outbox.notifications, transaction);
        for (const effect of outbox.effects) {
          if (effect.name === 'group.memberAdded') await this.deps.events.record(transaction, 'group.memberAdded', effect.payload);
          else await this.deps.events.record(transaction, 'group.memberRemoved', effect.payload);
        }
        await this.deps.events.recordEach(transaction, 'notification.created', written);
        return value;
      });
    try {
      return await attempt();
    } catch (error) {
      // Two requests created the same membership row at once (double click): decide again on what is stored now.
      if (!(error instanceof UniqueConstraintError)) throw error;
      return attempt();
    }
  }
}
