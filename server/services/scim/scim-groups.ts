/**
 * SCIM Groups: groups an identity provider pushes become Warble groups
 * mirrored like directory groups (server/services/directory-groups.ts):
 * public, source 'scim', their members managed by SCIM only (Warble's own
 * join/leave refuses changes to them). DELETE archives the group, as
 * directory sync archives a group that disappeared: its posts stay readable.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { GroupModel } from '../../db/models/group.js';
import type { ScimResourceModel } from '../../db/models/scim-resource.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import type { ScimRepository } from '../../db/repositories/scim-repository.js';
import { slugCandidates } from '../../domain/group-slug.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DirectoryGroupMirror } from '../directory-groups.js';
import { listResources } from './scim-list.js';
import { normalisePatch } from './scim-patch-compat.js';
import { SCIMMY, scimError, type ScimListResponse } from './scim-protocol.js';
import { projectionOf, type ScimQuery } from './scim-query.js';
import { versionOf } from './scim-user-fields.js';

export interface ScimGroupsDeps {
  sequelize: Sequelize;
  groups: GroupRepository;
  /** Its setMembers makes a group's members exactly a list, as directory sync does. */
  mirror: DirectoryGroupMirror;
  scim: ScimRepository;
  audit: AuditLog;
}

/** What SCIM says of a group. */
interface GroupInput {
  displayName: string;
  externalId: string | null;
  /** SCIM ids of the members (only people SCIM provisioned are kept). */
  memberIds: string[];
}

const notFound = (id: string) => scimError(404, null, `Group ${id} not found`);

export class ScimGroups {
  constructor(private readonly deps: ScimGroupsDeps) {}

  /** GET /Groups (Entra looks a group up by `displayName eq "…"` before creating it). */
  list(query: ScimQuery, baseUrl: string): Promise<ScimListResponse> {
    return listResources(this.deps.scim, {
      type: 'Group',
      definition: SCIMMY.Schemas.Group.definition,
      lookUp: (lookup) => (lookup.attribute === 'userName' ? null : this.lookUp(lookup.attribute, lookup.value)),
      // The name lookup is exact; matching again keeps displayName's case-exact semantics on every database.
      rematchLookups: true,
      represent: (records) => this.represent(records),
      out: (resource, projection) => new SCIMMY.Schemas.Group(resource, 'out', `${baseUrl}/Groups`, projection),
    }, query);
  }

  async get(id: string, baseUrl: string, query: Pick<ScimQuery, 'attributes' | 'excludedAttributes'> = {}): Promise<SCIMMY.Schemas.Group> {
    const record = await this.deps.scim.findLive('Group', id);
    if (!record) throw notFound(id);
    const [resource] = await this.represent([record]);
    if (!resource) throw notFound(id);
    return new SCIMMY.Schemas.Group(resource, 'out', `${baseUrl}/Groups`, projectionOf(query));
  }

  async create(body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.Group> {
    const input = this.inputOf(body);
    const group = await this.deps.sequelize.transaction(async (transaction) => {
      let slug = '';
      for (const candidate of slugCandidates(input.displayName)) {
        if (await this.deps.groups.slugIsFree(candidate, transaction)) {
          slug = candidate;
          break;
        }
      }
      const created = await this.deps.groups.create({ slug, name: input.displayName, visibility: 'public', source: 'scim', directoryDn: null }, transaction);
      await this.write(created, input, transaction);
      return created;
    });
    await this.audit('group.created', group, { members: input.memberIds.length });
    return this.get(group.id, baseUrl);
  }

  async replace(id: string, body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.Group> {
    await this.update(id, this.inputOf(body));
    return this.get(id, baseUrl);
  }

  /** Member adds and removes (`members[value eq "…"]`, or a value list) and renames, applied by SCIMMY. */
  async patch(id: string, body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.Group> {
    const current = await this.get(id, baseUrl);
    const message = new SCIMMY.Messages.PatchOp(normalisePatch(body, JSON.parse(JSON.stringify(current)) as Record<string, unknown>));
    const patched = await message.apply(current);
    if (patched) await this.update(id, this.inputOf(JSON.parse(JSON.stringify(patched))));
    return this.get(id, baseUrl);
  }

  /** Archived with no members (posts stay readable), and no longer known to SCIM. */
  async remove(id: string): Promise<void> {
    const group = await this.deps.sequelize.transaction(async (transaction) => {
      const group = await this.findGroup(id, transaction);
      group.set({ archivedAt: new Date() });
      await group.save({ transaction });
      await this.deps.mirror.setMembers(group.id, [], transaction);
      await this.deps.scim.markDeleted('Group', group.id, new Date(), transaction);
      return group;
    });
    await this.audit('group.archived', group, {});
  }

  private async update(id: string, input: GroupInput): Promise<void> {
    const group = await this.deps.sequelize.transaction(async (transaction) => {
      const group = await this.findGroup(id, transaction);
      await this.write(group, input, transaction);
      return group;
    });
    await this.audit('group.updated', group, { members: input.memberIds.length });
  }

  private async write(group: GroupModel, input: GroupInput, transaction: Transaction): Promise<void> {
    group.set({ name: input.displayName });
    if (group.changed()) await group.save({ transaction });
    const members = await this.deps.scim.liveIds('User', input.memberIds, transaction);
    await this.deps.mirror.setMembers(group.id, [...members], transaction);
    await this.deps.scim.put('Group', group.id, { externalId: input.externalId, userName: null }, transaction);
  }

  private inputOf(body: unknown): GroupInput {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(JSON.stringify(new SCIMMY.Schemas.Group(body, 'in'))) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof SCIMMY.Types.Error) throw error;
      throw scimError(400, 'invalidValue', error instanceof Error ? error.message : 'Invalid Group resource');
    }
    const displayName = typeof json.displayName === 'string' ? [...json.displayName.trim()].slice(0, 200).join('') : '';
    if (displayName === '') throw scimError(400, 'invalidValue', 'displayName must not be empty');
    const members = Array.isArray(json.members) ? (json.members as Array<Record<string, unknown>>) : [];
    return {
      displayName,
      externalId: typeof json.externalId === 'string' && json.externalId.trim() !== '' ? json.externalId.trim().slice(0, 255) : null,
      memberIds: [...new Set(members.flatMap((member) => (typeof member?.value === 'string' ? [member.value] : [])))],
    };
  }

  private async findGroup(id: string, transaction: Transaction): Promise<GroupModel> {
    const record = await this.deps.scim.findLive('Group', id, transaction);
    const group = record ? await this.deps.groups.findById(id, transaction) : null;
    if (!record || !group) throw notFound(id);
    return group;
  }

  private async lookUp(attribute: 'id' | 'externalId' | 'displayName', value: string): Promise<ScimResourceModel[]> {
    const { scim } = this.deps;
    if (attribute === 'externalId') return scim.findLiveByExternalId('Group', value);
    const ids = attribute === 'id' ? [value] : await scim.liveGroupIdsNamed(value);
    const records = await Promise.all(ids.map((id) => scim.findLive('Group', id)));
    return records.filter((record) => record !== null);
  }

  /** Groups with their members (names read in one query per page). */
  private async represent(records: readonly ScimResourceModel[]): Promise<Array<Record<string, unknown>>> {
    const groups = await this.deps.scim.groupsByIds(records.map((record) => record.targetId));
    const memberIds = new Map<string, string[]>();
    for (const record of records) memberIds.set(record.targetId, await this.deps.groups.memberIds(record.targetId));
    const people = await this.deps.scim.usersByIds([...new Set([...memberIds.values()].flat())]);
    return records.flatMap((record) => {
      const group = groups.get(record.targetId);
      if (!group) return [];
      const members = (memberIds.get(group.id) ?? []).map((userId) => ({ value: userId, display: people.get(userId)?.displayName, type: 'User' }));
      return [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          id: group.id,
          ...(record.externalId ? { externalId: record.externalId } : {}),
          displayName: group.name,
          members,
          meta: { resourceType: 'Group', created: group.createdAt, lastModified: group.updatedAt, version: versionOf(group.updatedAt) },
        },
      ];
    });
  }

  private audit(action: 'group.created' | 'group.updated' | 'group.archived', group: GroupModel, detail: Record<string, unknown>) {
    return this.deps.audit.record({ action, actorId: null, actorLabel: 'scim', targetType: 'group', targetId: group.id, detail: { via: 'scim', name: group.name, ...detail } });
  }
}
