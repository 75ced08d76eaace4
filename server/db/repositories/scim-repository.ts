/**
 * What SCIM provisioning remembers of the people and groups it created
 * (scim_resources): their SCIM names, and whether SCIM deleted them. A
 * resource SCIM deleted is invisible to SCIM but its Warble account or group
 * stays (deactivated or archived), as directory sync leaves a leaver's posts.
 */
import { Op, type Transaction } from 'sequelize';
import type { GroupModel } from '../models/group.js';
import type { Models } from '../models/index.js';
import type { ScimResourceModel, ScimResourceType } from '../models/scim-resource.js';
import type { UserModel } from '../models/user.js';

export class ScimRepository {
  constructor(private readonly models: Models) {}

  /** The live (not deleted) record of a SCIM resource. */
  findLive(type: ScimResourceType, targetId: string, transaction?: Transaction): Promise<ScimResourceModel | null> {
    return this.models.ScimResource.findOne({ where: { resourceType: type, targetId, deletedAt: null }, transaction });
  }

  /** The record whatever its state (a deleted person may be provisioned again). */
  find(type: ScimResourceType, targetId: string, transaction?: Transaction): Promise<ScimResourceModel | null> {
    return this.models.ScimResource.findOne({ where: { resourceType: type, targetId }, transaction });
  }

  findLiveByExternalId(type: ScimResourceType, externalId: string): Promise<ScimResourceModel[]> {
    return this.models.ScimResource.findAll({ where: { resourceType: type, externalId, deletedAt: null }, limit: 200 });
  }

  /** Live records of a type, oldest first: what an unfiltered or compound-filtered list reads. */
  listLive(type: ScimResourceType, offset: number, limit: number): Promise<ScimResourceModel[]> {
    return this.models.ScimResource.findAll({
      where: { resourceType: type, deletedAt: null },
      order: [['createdAt', 'ASC'], ['targetId', 'ASC']],
      offset,
      limit,
    });
  }

  countLive(type: ScimResourceType): Promise<number> {
    return this.models.ScimResource.count({ where: { resourceType: type, deletedAt: null } });
  }

  /** The accounts behind SCIM users, by id (members' names, managers). */
  async usersByIds(ids: readonly string[], transaction?: Transaction): Promise<Map<string, UserModel>> {
    if (ids.length === 0) return new Map();
    const rows = await this.models.User.findAll({ where: { id: { [Op.in]: [...ids] } }, transaction });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The groups behind SCIM groups, by id. */
  async groupsByIds(ids: readonly string[], transaction?: Transaction): Promise<Map<string, GroupModel>> {
    if (ids.length === 0) return new Map();
    const rows = await this.models.Group.findAll({ where: { id: { [Op.in]: [...ids] } }, transaction });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Live SCIM groups named `name` (Entra looks a group up by displayName before creating it). */
  async liveGroupIdsNamed(name: string): Promise<string[]> {
    const groups = await this.models.Group.findAll({ where: { name, source: 'scim', archivedAt: null }, attributes: ['id'], limit: 200 });
    return [...(await this.liveIds('Group', groups.map((group) => group.id)))];
  }

  /** SCIM groups the person is a member of (a person SCIM deletes leaves them, as a directory leaver leaves directory groups). */
  async scimGroupIdsOf(userId: string, transaction: Transaction): Promise<string[]> {
    const memberships = await this.models.GroupMembership.findAll({ where: { userId }, attributes: ['groupId'], transaction });
    if (memberships.length === 0) return [];
    const groups = await this.models.Group.findAll({
      where: { id: { [Op.in]: memberships.map((row) => row.groupId) }, source: 'scim' },
      attributes: ['id'],
      transaction,
    });
    return groups.map((group) => group.id);
  }

  /** Of `ids`, those that are live SCIM resources of `type`. */
  async liveIds(type: ScimResourceType, ids: readonly string[], transaction?: Transaction): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.models.ScimResource.findAll({
      where: { resourceType: type, targetId: { [Op.in]: [...ids] }, deletedAt: null },
      attributes: ['targetId'],
      transaction,
    });
    return new Set(rows.map((row) => row.targetId));
  }

  /** Creates or revives the record (a person deleted earlier and provisioned again keeps their account). */
  async put(
    type: ScimResourceType,
    targetId: string,
    fields: { externalId: string | null; userName: string | null },
    transaction: Transaction,
  ): Promise<ScimResourceModel> {
    const existing = await this.find(type, targetId, transaction);
    if (existing) return existing.update({ ...fields, deletedAt: null }, { transaction });
    return this.models.ScimResource.create({ resourceType: type, targetId, ...fields, deletedAt: null }, { transaction });
  }

  async markDeleted(type: ScimResourceType, targetId: string, at: Date, transaction: Transaction): Promise<void> {
    await this.models.ScimResource.update({ deletedAt: at }, { where: { resourceType: type, targetId }, transaction });
  }
}
