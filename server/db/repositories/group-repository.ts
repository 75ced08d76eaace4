/**
 * Groups and their memberships: the queries directory sync and profiles need
 * now, written so the microblog core's join/leave/invite work adds methods
 * here instead of reaching for the models.
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import { canSeeGroup, type ViewerContext } from '../../domain/visibility/index.js';
import type { Models } from '../models/index.js';
import type { GroupModel, GroupSource, GroupVisibility } from '../models/group.js';
import type { GroupMembershipModel, GroupRole, MembershipState } from '../models/group-membership.js';
import { toInt } from '../raw-values.js';
import { idOrder, idRange, newestFirstBy, type IdPage } from '../id-page.js';

/** What it takes to create a group. */
export interface NewGroup {
  slug: string;
  name: string;
  description?: string;
  visibility?: GroupVisibility;
  source?: GroupSource;
  directoryDn?: string | null;
}

/** A group as a profile lists it. */
export interface GroupSummary {
  id: string;
  slug: string;
  name: string;
  source: GroupSource;
  role: GroupRole;
}

export class GroupRepository {
  constructor(private readonly models: Models) {}

  findByDirectoryDn(normalisedDn: string, transaction?: Transaction): Promise<GroupModel | null> {
    return this.models.Group.findOne({ where: { directoryDn: normalisedDn }, transaction });
  }

  /** True when `slug` is free (slugs are unique across local and directory groups). */
  async slugIsFree(slug: string, transaction?: Transaction): Promise<boolean> {
    return (await this.models.Group.count({ where: { slug }, transaction })) === 0;
  }

  create(group: NewGroup, transaction?: Transaction): Promise<GroupModel> {
    return this.models.Group.create(
      {
        id: newId(),
        slug: group.slug,
        name: group.name,
        description: group.description ?? '',
        visibility: group.visibility ?? 'public',
        source: group.source ?? 'local',
        directoryDn: group.directoryDn ?? null,
        archivedAt: null,
      },
      { transaction },
    );
  }

  /** Directory groups still mirrored (not archived). */
  listActiveDirectoryGroups(transaction?: Transaction): Promise<GroupModel[]> {
    return this.models.Group.findAll({ where: { source: 'ldap', archivedAt: null }, transaction });
  }

  /** User ids of the group's members in `state`. */
  async memberIds(groupId: string, transaction?: Transaction, state: MembershipState = 'active'): Promise<string[]> {
    const rows = await this.models.GroupMembership.findAll({ where: { groupId, state }, attributes: ['userId'], transaction });
    return rows.map((row) => row.userId);
  }

  /** Adds people as active members (role 'member'); people already in the group are left as they are. */
  async addMembers(groupId: string, userIds: readonly string[], transaction: Transaction): Promise<void> {
    if (userIds.length === 0) return;
    const existing = new Set(
      (await this.models.GroupMembership.findAll({
        where: { groupId, userId: { [Op.in]: [...userIds] } },
        attributes: ['userId'],
        transaction,
      })).map((row) => row.userId),
    );
    const rows = userIds.filter((id) => !existing.has(id)).map((userId) => ({ groupId, userId, role: 'member' as const, state: 'active' as const }));
    if (rows.length > 0) await this.models.GroupMembership.bulkCreate(rows, { transaction });
  }

  async removeMembers(groupId: string, userIds: readonly string[], transaction: Transaction): Promise<void> {
    if (userIds.length === 0) return;
    await this.models.GroupMembership.destroy({ where: { groupId, userId: { [Op.in]: [...userIds] } }, transaction });
  }

  /** Mirrored groups of `source` (the directory by default) the person is an active member of. */
  async directoryGroupIdsOf(userId: string, transaction?: Transaction, source: GroupSource = 'ldap'): Promise<string[]> {
    const memberships = await this.models.GroupMembership.findAll({ where: { userId }, attributes: ['groupId'], transaction });
    if (memberships.length === 0) return [];
    const groups = await this.models.Group.findAll({
      where: { id: { [Op.in]: memberships.map((row) => row.groupId) }, source },
      attributes: ['id'],
      transaction,
    });
    return groups.map((group) => group.id);
  }

  /**
   * The groups a person is an active member of, by name, for their profile,
   * as `viewer` may know them: a private group is named only to those who
   * relate to it (canSeeGroup). The viewer is required so that no page or
   * endpoint can list someone's groups without asking who is looking.
   */
  async listForMember(userId: string, viewer: ViewerContext): Promise<GroupSummary[]> {
    const memberships = await this.models.GroupMembership.findAll({ where: { userId, state: 'active' } });
    if (memberships.length === 0) return [];
    const roles = new Map(memberships.map((row) => [row.groupId, row.role]));
    const groups = await this.models.Group.findAll({
      where: { id: { [Op.in]: [...roles.keys()] }, archivedAt: null },
      order: [['name', 'ASC']],
    });
    return groups
      .filter((group) => canSeeGroup(viewer, { id: group.id, visibility: group.visibility }))
      .map((group) => ({
        id: group.id,
        slug: group.slug,
        name: group.name,
        source: group.source,
        role: roles.get(group.id) ?? 'member',
      }));
  }

  count(where: { source?: GroupSource } = {}): Promise<number> {
    return this.models.Group.count({ where: { ...where, archivedAt: null } });
  }
  // --- The microblog core's groups: lookups and membership moves for join/leave/invite/roles. ---

  /** The readable address of a group's page, /groups/:slug. */
  findBySlug(slug: string): Promise<GroupModel | null> {
    return this.models.Group.findOne({ where: { slug } });
  }

  findById(id: string, transaction?: Transaction): Promise<GroupModel | null> {
    return this.models.Group.findByPk(id, { transaction });
  }

  /** The person's row in the group, whatever its state, or null. */
  membership(groupId: string, userId: string, transaction?: Transaction): Promise<GroupMembershipModel | null> {
    return this.models.GroupMembership.findOne({ where: { groupId, userId }, transaction });
  }

  /** The person's rows in the given groups, by group id. */
  async membershipsIn(groupIds: readonly string[], userId: string): Promise<Map<string, GroupMembershipModel>> {
    if (groupIds.length === 0) return new Map();
    const rows = await this.models.GroupMembership.findAll({ where: { userId, groupId: { [Op.in]: [...groupIds] } } });
    return new Map(rows.map((row) => [row.groupId, row]));
  }

  /** Creates or moves the person's membership to `role`/`state`. */
  async putMembership(
    groupId: string,
    userId: string,
    role: GroupRole,
    state: MembershipState,
    transaction: Transaction,
  ): Promise<GroupMembershipModel> {
    const existing = await this.membership(groupId, userId, transaction);
    if (existing) return existing.update({ role, state }, { transaction });
    return this.models.GroupMembership.create({ groupId, userId, role, state }, { transaction });
  }

  /** Deletes the person's row; true when there was one. */
  async deleteMembership(groupId: string, userId: string, transaction: Transaction): Promise<boolean> {
    return (await this.models.GroupMembership.destroy({ where: { groupId, userId }, transaction })) > 0;
  }

  /** Active owners and admins: who hears about join requests. */
  async managerIds(groupId: string, transaction?: Transaction): Promise<string[]> {
    const rows = await this.models.GroupMembership.findAll({
      where: { groupId, state: 'active', role: { [Op.in]: ['owner', 'admin'] } },
      attributes: ['userId'],
      transaction,
    });
    return rows.map((row) => row.userId);
  }

  /** Active owners (a group must keep at least one). */
  ownerCount(groupId: string, transaction?: Transaction): Promise<number> {
    return this.models.GroupMembership.count({ where: { groupId, state: 'active', role: 'owner' }, transaction });
  }

  /** Active members per group, in one query. */
  async activeMemberCounts(groupIds: readonly string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) return new Map();
    const sequelize = this.models.GroupMembership.sequelize;
    if (!sequelize) throw new Error('GroupMembership is not bound to a database');
    const rows = await sequelize.query<{ group_id: string; n: unknown }>(
      `SELECT group_id, COUNT(*) AS n FROM group_memberships WHERE state = 'active' AND group_id IN (:ids) GROUP BY group_id`,
      { replacements: { ids: [...groupIds] }, type: QueryTypes.SELECT },
    );
    return new Map(rows.map((row) => [row.group_id, toInt(row.n)]));
  }
  /** Active members, paged by user id (newest account first). */
  async listMembers(groupId: string, page: IdPage, state: MembershipState = 'active'): Promise<GroupMembershipModel[]> {
    const range = idRange(page);
    const rows = await this.models.GroupMembership.findAll({
      where: { groupId, state, ...(range ? { userId: range } : {}) },
      order: [['userId', idOrder(page)]],
      limit: page.limit,
    });
    return newestFirstBy(rows, (row) => row.userId);
  }

  /**
   * Groups listed to a person, newest first: public groups plus `alsoIds`
   * (the private groups they have a relation to), or only `onlyIds` when
   * given (their own groups). Archived groups are not listed.
   */
  async listGroups(filter: { alsoIds?: readonly string[]; onlyIds?: readonly string[] }, page: IdPage): Promise<GroupModel[]> {
    const range = idRange(page);
    const who = filter.onlyIds
      ? { id: { [Op.in]: [...filter.onlyIds] } }
      : { [Op.or]: [{ visibility: 'public' }, { id: { [Op.in]: [...(filter.alsoIds ?? [])] } }] };
    const rows = await this.models.Group.findAll({
      where: { [Op.and]: [who, { archivedAt: null }, ...(range ? [{ id: range }] : [])] },
      order: [['id', idOrder(page)]],
      limit: page.limit,
    });
    return newestFirstBy(rows, (row) => row.id);
  }
}
