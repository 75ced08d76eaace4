/**
 * Mirrors groups kept outside Warble into Warble groups: directory (LDAP)
 * groups, found by normalised DN (the same group whatever DN spelling the
 * server returns), and the groups a single sign-on provider names in its
 * group claim, found by provider, issuer and group name. Each is created
 * public with a unique slug, renamed when upstream renames it, and its
 * memberships made to match upstream. Runs inside the caller's transaction.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { DirectoryGroupRef } from '../auth/ldap/directory-types.js';
import { normalizeDn } from '../auth/ldap/ldap-dn.js';
import type { GroupModel, GroupSource } from '../db/models/group.js';
import type { GroupRepository } from '../db/repositories/group-repository.js';
import { slugCandidates } from '../domain/group-slug.js';

/** A group kept outside Warble: its stable key (stored in groups.directory_dn), its name and who keeps it. */
export interface MirroredGroupRef {
  key: string;
  name: string;
  /** undefined: upstream has no description, keep Warble's. */
  description?: string;
  source: Exclude<GroupSource, 'local'>;
}

/** The column holding the key is 1024 characters; longer keys (long issuer and group name) are kept as a hash. */
const MAX_KEY_LENGTH = 1024;

/** The key of a group a single sign-on provider names: `oidc:<issuer>#<name>`. */
export function externalGroupKey(provider: 'oidc' | 'saml', issuer: string, name: string): string {
  const key = `${provider}:${issuer}#${name}`;
  return key.length <= MAX_KEY_LENGTH ? key : `${provider}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export class DirectoryGroupMirror {
  constructor(private readonly groups: GroupRepository) {}

  /** The Warble group for this directory group, created or refreshed. */
  ensureGroup(ref: DirectoryGroupRef, transaction: Transaction): Promise<{ group: GroupModel; created: boolean }> {
    return this.ensureMirrored(directoryRef(ref), transaction);
  }

  /** The Warble group for this upstream group, created or refreshed (and restored if it was archived). */
  async ensureMirrored(ref: MirroredGroupRef, transaction: Transaction): Promise<{ group: GroupModel; created: boolean }> {
    const name = [...ref.name].slice(0, 200).join('');
    const existing = await this.groups.findByDirectoryDn(ref.key, transaction);
    if (existing) {
      existing.set({ name, archivedAt: null, ...(ref.description === undefined ? {} : { description: ref.description }) });
      if (existing.changed()) await existing.save({ transaction });
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
      { slug, name, description: ref.description ?? '', visibility: 'public', source: ref.source, directoryDn: ref.key },
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

  /** At directory sign-in: the person is in exactly the directory groups `refs` (their other memberships are untouched). */
  setGroupsOf(userId: string, refs: readonly DirectoryGroupRef[], transaction: Transaction): Promise<void> {
    return this.setMirroredGroupsOf(userId, 'ldap', refs.map(directoryRef), transaction);
  }

  /**
   * The person is in exactly the `source` groups `refs`: added to those, removed
   * from that source's other groups; groups of other sources are untouched.
   */
  async setMirroredGroupsOf(
    userId: string,
    source: MirroredGroupRef['source'],
    refs: readonly MirroredGroupRef[],
    transaction: Transaction,
  ): Promise<void> {
    const wanted = new Set<string>();
    for (const ref of refs) {
      const { group } = await this.ensureMirrored(ref, transaction);
      wanted.add(group.id);
      await this.groups.addMembers(group.id, [userId], transaction);
    }
    for (const groupId of await this.groups.directoryGroupIdsOf(userId, transaction, source)) {
      if (!wanted.has(groupId)) await this.groups.removeMembers(groupId, [userId], transaction);
    }
  }
}

function directoryRef(ref: DirectoryGroupRef): MirroredGroupRef {
  return { key: normalizeDn(ref.dn), name: ref.name, description: ref.description, source: 'ldap' };
}
