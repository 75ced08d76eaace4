/**
 * SCIM Users: an identity provider creating, updating, deactivating and
 * deleting people, acting exactly as directory sync does (server/services/
 * directory-sync.ts): accounts it creates have source 'scim'; an account
 * Warble did not provision through SCIM (local, directory) is never taken
 * over (409 uniqueness); `active: false` deactivates and ends every session
 * and token at once (AccessRevoker); DELETE deactivates too, keeps the
 * person's posts, and forgets the SCIM resource.
 */
import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { ScimResourceModel } from '../../db/models/scim-resource.js';
import type { UserModel } from '../../db/models/user.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import type { ScimRepository } from '../../db/repositories/scim-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventPublisher } from '../events.js';
import { listResources } from './scim-list.js';
import { normalisePatch, normaliseResource } from './scim-patch-compat.js';
import { SCIMMY, scimError, type ScimListResponse } from './scim-protocol.js';
import { projectionOf, type ScimQuery } from './scim-query.js';
import { scimUserOf, userInputOf, usernameFor, type ScimUserInput } from './scim-user-fields.js';

export interface ScimUsersDeps {
  sequelize: Sequelize;
  users: UserRepository;
  groups: GroupRepository;
  scim: ScimRepository;
  revoker: AccessRevoker;
  audit: AuditLog;
  events?: EventPublisher;
  logger: Logger;
}

/** A provisioned person: the account and what SCIM knows of it. */
interface Provisioned {
  user: UserModel;
  record: ScimResourceModel;
}

/** What a write did, for the work done after commit. */
interface Outcome extends Provisioned {
  action: 'user.created' | 'user.updated';
  deactivated: boolean;
  reactivated: boolean;
}

const notFound = (id: string) => scimError(404, null, `User ${id} not found`);
const taken = (userName: string) =>
  scimError(409, 'uniqueness', `userName '${userName}' is already in use by an account that was not provisioned through SCIM, or by another SCIM user`);

export class ScimUsers {
  constructor(private readonly deps: ScimUsersDeps) {}

  /** GET /Users: a page, optionally filtered (`userName eq "…"` is one indexed lookup). */
  list(query: ScimQuery, baseUrl: string): Promise<ScimListResponse> {
    return listResources(this.deps.scim, {
      type: 'User',
      definition: SCIMMY.Schemas.User.definition,
      lookUp: (lookup) => (lookup.attribute === 'displayName' ? null : this.lookUp(lookup.attribute, lookup.value)),
      rematchLookups: false,
      represent: (records) => this.represent(records),
      out: (resource, projection) => new SCIMMY.Schemas.User(resource, 'out', `${baseUrl}/Users`, projection),
    }, query);
  }

  /** GET /Users/:id */
  async get(id: string, baseUrl: string, query: Pick<ScimQuery, 'attributes' | 'excludedAttributes'> = {}): Promise<SCIMMY.Schemas.User> {
    const provisioned = await this.find(id);
    const [resource] = await this.represent([provisioned.record], new Map([[provisioned.user.id, provisioned.user]]));
    return new SCIMMY.Schemas.User(resource, 'out', `${baseUrl}/Users`, projectionOf(query));
  }

  /** POST /Users: a new person, or one SCIM deleted earlier coming back (their account and posts return). */
  async create(body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.User> {
    const input = this.inputOf(body);
    const outcome = await this.deps.sequelize
      .transaction(async (transaction) => {
        const existing = await this.deps.users.findByUsername(input.username, transaction);
        if (existing) {
          const record = existing.source === 'scim' ? await this.deps.scim.find('User', existing.id, transaction) : null;
          // Never take over a local or directory account, nor a person another SCIM userName holds.
          if (!record || record.deletedAt === null) throw taken(input.userName);
          // Created anew, as far as SCIM knows: active unless the body says otherwise.
          return { ...(await this.applyInput(existing, { ...input, active: input.active ?? true }, transaction)), action: 'user.created' as const };
        }
        return this.createAccount(input, transaction);
      })
      .catch((error: unknown) => {
        // Two creations of one person at once (identity providers send in parallel): the second loses on the unique user name.
        if (error instanceof UniqueConstraintError) throw taken(input.userName);
        throw error;
      });
    await this.afterWrite(outcome);
    return this.get(outcome.user.id, baseUrl);
  }

  /** PUT /Users/:id: the whole resource replaced (Okta's profile updates). */
  async replace(id: string, body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.User> {
    const input = this.inputOf(body);
    await this.update(id, input);
    return this.get(id, baseUrl);
  }

  /** PATCH /Users/:id: operations applied by SCIMMY to the current resource, then written like a PUT. */
  async patch(id: string, body: unknown, baseUrl: string): Promise<SCIMMY.Schemas.User> {
    const current = await this.get(id, baseUrl);
    const currentJson = JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
    const message = new SCIMMY.Messages.PatchOp(normalisePatch(body, currentJson));
    const patched = await message.apply(current);
    if (patched) await this.update(id, this.inputOf(JSON.parse(JSON.stringify(patched))));
    return this.get(id, baseUrl);
  }

  /** DELETE /Users/:id: deactivated at once (posts kept), out of SCIM groups, and no longer known to SCIM. */
  async remove(id: string): Promise<void> {
    const user = await this.deps.sequelize.transaction(async (transaction) => {
      const { user } = await this.find(id, transaction);
      if (user.deactivatedAt === null) await this.deps.users.deactivate([user.id], new Date(), transaction);
      for (const groupId of await this.deps.scim.scimGroupIdsOf(user.id, transaction)) {
        await this.deps.groups.removeMembers(groupId, [user.id], transaction);
      }
      await this.deps.scim.markDeleted('User', user.id, new Date(), transaction);
      return user;
    });
    const revoked = await this.deps.revoker.revokeAll(user.id);
    await this.audit('user.deprovisioned', user, { ...revoked });
    this.deps.logger.info({ userId: user.id, username: user.username, ...revoked, event: 'scim.user.deprovisioned' }, 'SCIM deleted a person');
  }

  private inputOf(body: unknown): ScimUserInput {
    let resource: SCIMMY.Schemas.User;
    try {
      resource = new SCIMMY.Schemas.User(normaliseResource(body), 'in');
    } catch (error) {
      if (error instanceof SCIMMY.Types.Error) throw error;
      throw scimError(400, 'invalidValue', error instanceof Error ? error.message : 'Invalid User resource');
    }
    return userInputOf(resource);
  }

  private async update(id: string, input: ScimUserInput): Promise<void> {
    const outcome = await this.deps.sequelize.transaction(async (transaction) => {
      const { user } = await this.find(id, transaction);
      return { ...(await this.applyInput(user, input, transaction)), action: 'user.updated' as const };
    });
    await this.afterWrite(outcome);
  }

  private async createAccount(input: ScimUserInput, transaction: Transaction): Promise<Outcome> {
    const user = await this.deps.users.create(
      { username: input.username, displayName: input.displayName, email: input.email, source: 'scim', directoryDn: null, isAdmin: false },
      transaction,
    );
    user.set({
      title: input.title,
      department: input.department,
      phone: input.phone,
      manager: await this.managerName(input.managerId, transaction),
      deactivatedAt: input.active === false ? new Date() : null,
    });
    await user.save({ transaction });
    const record = await this.deps.scim.put('User', user.id, { externalId: input.externalId, userName: input.userName }, transaction);
    await this.deps.events?.record(transaction, 'user.created', { userId: user.id });
    return { user, record, action: 'user.created', deactivated: false, reactivated: false };
  }

  /** Makes the account match `input`; a new user name must be free. */
  private async applyInput(user: UserModel, input: ScimUserInput, transaction: Transaction): Promise<Omit<Outcome, 'action'>> {
    if (input.username !== user.username) {
      const holder = await this.deps.users.findByUsername(input.username, transaction);
      if (holder && holder.id !== user.id) throw taken(input.userName);
      user.set({ username: input.username });
    }
    const wasActive = user.deactivatedAt === null;
    const active = input.active ?? wasActive;
    user.set({
      displayName: input.displayName,
      email: input.email,
      title: input.title,
      department: input.department,
      phone: input.phone,
      manager: await this.managerName(input.managerId, transaction),
    });
    if (wasActive !== active) user.set({ deactivatedAt: active ? null : new Date() });
    if (user.changed()) await user.save({ transaction });
    const record = await this.deps.scim.put('User', user.id, { externalId: input.externalId, userName: input.userName }, transaction);
    return { user, record, deactivated: wasActive && !active, reactivated: !wasActive && active };
  }

  /** After commit, as directory sync: a deactivated person's sessions and tokens end at once. */
  private async afterWrite(outcome: Outcome): Promise<void> {
    const { user } = outcome;
    await this.audit(outcome.action, user, {});
    if (outcome.deactivated) {
      const revoked = await this.deps.revoker.revokeAll(user.id);
      await this.audit('user.deactivated', user, { ...revoked });
      this.deps.logger.info({ userId: user.id, username: user.username, ...revoked, event: 'scim.user.deactivated' }, 'SCIM deactivated a person');
    }
    if (outcome.reactivated) await this.audit('user.reactivated', user, {});
  }

  private audit(action: 'user.created' | 'user.updated' | 'user.deactivated' | 'user.reactivated' | 'user.deprovisioned', user: UserModel, detail: Record<string, unknown>) {
    return this.deps.audit.record({ action, actorId: null, actorLabel: 'scim', targetType: 'user', targetId: user.id, detail: { via: 'scim', username: user.username, ...detail } });
  }

  /** The manager is kept by user name, as directory sync keeps it; an id Warble does not know is ignored. */
  private async managerName(managerId: string | null, transaction: Transaction): Promise<string | null> {
    if (managerId === null) return null;
    return (await this.deps.users.findById(managerId, transaction))?.username ?? null;
  }

  private async find(id: string, transaction?: Transaction): Promise<Provisioned> {
    const record = await this.deps.scim.findLive('User', id, transaction);
    const user = record ? await this.deps.users.findById(id, transaction) : null;
    if (!record || !user) throw notFound(id);
    return { user, record };
  }

  /** Records found by an indexed `eq` (userName is compared case-insensitively, as the schema says). */
  private async lookUp(attribute: 'id' | 'externalId' | 'userName', value: string): Promise<ScimResourceModel[]> {
    const { scim, users } = this.deps;
    if (attribute === 'externalId') return scim.findLiveByExternalId('User', value);
    if (attribute === 'id') return [await scim.findLive('User', value)].filter((record) => record !== null);
    const username = usernameFor(value);
    const user = username ? await users.findByUsername(username) : null;
    const record = user ? await scim.findLive('User', user.id) : null;
    return record && (record.userName ?? '').toLowerCase() === value.toLowerCase() ? [record] : [];
  }

  /** The SCIM representations of these records (accounts and managers read in two queries). */
  private async represent(records: readonly ScimResourceModel[], known = new Map<string, UserModel>()): Promise<Array<Record<string, unknown>>> {
    const missing = records.map((record) => record.targetId).filter((id) => !known.has(id));
    const accounts = new Map([...known, ...(await this.deps.scim.usersByIds(missing))]);
    const managerNames = [...new Set([...accounts.values()].flatMap((user) => (user.manager ? [user.manager] : [])))];
    const managerIds = await this.deps.users.idsByUsername(managerNames);
    return records.flatMap((record) => {
      const user = accounts.get(record.targetId);
      return user ? [scimUserOf(user, record, user.manager ? (managerIds.get(user.manager) ?? null) : null)] : [];
    });
  }
}
