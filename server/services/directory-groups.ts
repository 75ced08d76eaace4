/**
 * Mirrors directory groups into Warble groups: found by normalised DN (the
 * same group whatever DN spelling the server returns), created public with a
 * unique slug, renamed when the directory renames them, and their
 * memberships made to match the directory. Runs inside the caller's transaction.
 */
import type { Transaction } from 'sequelize';
import type { DirectoryGroupRef } from '../auth/ldap/directory-types.js';
import { normalizeDn } from '../auth/ldap/ldap-dn.js';
import type { GroupModel } from '../db/models/group.js';
import type { GroupRepository } from '../db/repositories/group-repository.js';
import { slugCandidates } from '../domain/group-slug.js';
import type { EventPublisher } from './events.js';

export class DirectoryGroupMirror {
  constructor(
    private readonly groups: GroupRepository,
    /** A renamed group is told (`group.updated`): its name shows with every post in it. */
    private readonly events?: Pick<EventPublisher, 'record'>,
  ) {}

  /** The Warble group for this directory group, created or refreshed. */
  async ensureGroup(ref: DirectoryGroupRef, transaction: Transaction): Promise<{ group: GroupModel; created: boolean }> {
    const key = normalizeDn(ref.dn);
    const name = [...ref.name].slice(0, 200).join('');
    const existing = await this.groups.findByDirectoryDn(key, transaction);
    if (existing) {
      existing.set({ name, description: ref.description, archivedAt: null });
      const renamed = existing.changed('name');
      if (existing.changed()) await existing.save({ transaction });
      if (renamed) await this.events?.record(transaction, 'group.updated', { groupId: existing.id });
      return { group: existing, created: false };
    }
    let slug = '';
    for (const candidate of slugCandidates(ref.name)) {
      if (await this.groups.slugIsFree(candidate, transaction)) {
        slug = candidate;
        break;
      }
    }
    const group = await this.groups.create(
      { slug, name, description: ref.description, visibility: 'public', source: 'ldap', directoryDn: key },
      transaction,
    );
    return { group, created: true };
  }

  /** Makes the group's active members exactly `userIds` (directory groups have no Warble-managed members). */
  async setMembers(groupId: string, userIds: readonly string[], transaction: Transaction): Promise<void> {
    const wanted = new Set(userIds);
    const current = await this.groups.memberIds(groupId, transaction);
    const currentSet = new Set(current);
    await this.groups.removeMembers(groupId, current.filter((id) => !wanted.has(id)), transaction);
    await this.groups.addMembers(groupId, [...wanted].filter((id) => !currentSet.has(id)), transaction);
  }

  /** At sign-in: the person is in exactly the directory groups `refs` (their other memberships are untouched). */
  async setGroupsOf(userId: string, refs: readonly DirectoryGroupRef[], transaction: Transaction): Promise<void> {
    const wanted = new Set<string>();
    for (const ref of refs) {
      const { group } = await this.ensureGroup(ref, transaction);
      wanted.add(group.id);
      await this.groups.addMembers(group.id, [userId], transaction);
    }
    for (const groupId of await this.groups.directoryGroupIdsOf(userId, transaction)) {
      if (!wanted.has(groupId)) await this.groups.removeMembers(groupId, [userId], transaction);
    }
  }
}
