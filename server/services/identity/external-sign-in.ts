/**
 * One use case for both single sign-on protocols: the provider vouched for
 * someone; find their account by the provider's stable id (never by a name
 * or address, which the provider's users may be able to choose), or create it
 * just in time, then refresh profile, administrator flag and groups, all in
 * one transaction.
 *
 * An account that already holds the user name is never taken over: the
 * sign-in is refused. The one exception is an account provisioned through
 * SCIM (source 'scim') that has no link through this protocol yet: IT created
 * it from the same identity provider, so the first sign-in links it.
 */
import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { UserModel } from '../../db/models/user.js';
import type { ExternalIdentityRepository } from '../../db/repositories/external-identity-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { externalUsername } from '../../domain/external-username.js';
import type { DirectoryGroupMirror } from '../directory-groups.js';
import { externalGroupKey } from '../directory-groups.js';
import type { EventPublisher } from '../events.js';
import type { ExternalProfile } from './external-profile.js';

/** Why a provider-vouched person was not let in; logged and audited, shown to them as a short message. */
export type ExternalRefusal = 'username-taken' | 'invalid-username' | 'suspended' | 'deactivated' | 'official-account';

export type ExternalSignInOutcome =
  | { kind: 'created' | 'linked' | 'updated' | 'unchanged'; user: UserModel }
  | { kind: 'refused'; reason: ExternalRefusal; username: string | null; userId: string | null };

/** Accounts a first sign-in may link to instead of refusing: provisioned by IT from the same provider. */
const LINKABLE_SOURCE = 'scim';

const cut = (value: string | null, max: number): string | null => {
  const text = value?.trim() ?? '';
  return text === '' ? null : [...text].slice(0, max).join('');
};

export class ExternalAccountLink {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly users: UserRepository,
    private readonly links: ExternalIdentityRepository,
    private readonly groupMirror: DirectoryGroupMirror,
    /** user.created is recorded with the account, told once the transaction commits. */
    private readonly events?: EventPublisher,
  ) {}

  async signIn(profile: ExternalProfile, now: Date = new Date()): Promise<ExternalSignInOutcome> {
    try {
      return await this.sequelize.transaction((transaction) => this.apply(profile, now, transaction));
    } catch (error) {
      // Two first sign-ins of one person at once: the loser finds the winner's link on a second try.
      if (!(error instanceof UniqueConstraintError)) throw error;
      return this.sequelize.transaction((transaction) => this.apply(profile, now, transaction));
    }
  }

  private async apply(profile: ExternalProfile, now: Date, transaction: Transaction): Promise<ExternalSignInOutcome> {
    const link = await this.links.find(profile, transaction);
    if (link) {
      const user = await this.users.findById(link.userId, transaction);
      if (!user) throw new Error(`external identity ${link.id} points at a missing account`);
      const refusal = refusalFor(user);
      if (refusal) return { kind: 'refused', reason: refusal, username: user.username, userId: user.id };
      await this.links.touch(link, now, transaction);
      const changed = await this.refresh(user, profile, transaction);
      return { kind: changed ? 'updated' : 'unchanged', user };
    }

    const username = externalUsername(profile.username, profile.email);
    if (!username) return { kind: 'refused', reason: 'invalid-username', username: null, userId: null };
    const existing = await this.users.findByUsername(username, transaction);
    if (existing) {
      // A string comparison: 'scim' joins AccountSource with SCIM provisioning.
      const linkable = String(existing.source) === LINKABLE_SOURCE && !(await this.links.userHasLink(existing.id, profile.provider, transaction));
      if (!linkable) return { kind: 'refused', reason: 'username-taken', username, userId: existing.id };
      const refusal = refusalFor(existing);
      if (refusal) return { kind: 'refused', reason: refusal, username, userId: existing.id };
      await this.links.create(existing.id, profile, now, transaction);
      await this.refresh(existing, profile, transaction);
      return { kind: 'linked', user: existing };
    }

    const user = await this.users.create(
      {
        username,
        displayName: cut(profile.displayName, 200) ?? username,
        email: cut(profile.email, 320),
        source: profile.provider,
        isAdmin: profile.isAdmin ?? false,
      },
      transaction,
    );
    await this.links.create(user.id, profile, now, transaction);
    await this.mirrorGroups(user.id, profile, transaction);
    await this.events?.record(transaction, 'user.created', { userId: user.id });
    return { kind: 'created', user };
  }

  /** Display name, address and administrator flag as the provider says, when it says; then groups. True when the account changed. */
  private async refresh(user: UserModel, profile: ExternalProfile, transaction: Transaction): Promise<boolean> {
    const displayName = cut(profile.displayName, 200);
    const email = cut(profile.email, 320)?.toLowerCase() ?? null;
    if (displayName !== null) user.set({ displayName });
    if (email !== null) user.set({ email });
    if (profile.isAdmin !== null) user.set({ isAdmin: profile.isAdmin });
    const changed = user.changed() !== false;
    if (changed) await user.save({ transaction });
    await this.mirrorGroups(user.id, profile, transaction);
    return changed;
  }

  private async mirrorGroups(userId: string, profile: ExternalProfile, transaction: Transaction): Promise<void> {
    if (profile.groups === null) return;
    const names = [...new Set(profile.groups.map((name) => name.trim()).filter((name) => name !== ''))];
    const refs = names.map((name) => ({ key: externalGroupKey(profile.provider, profile.issuer, name), name, source: profile.provider }));
    await this.groupMirror.setMirroredGroupsOf(userId, profile.provider, refs, transaction);
  }
}

/**
 * An account the provider vouches for may still be closed on Warble's side:
 * suspended by a moderator, deactivated by an administrator or by SCIM (single
 * sign-on has no sync to say the person came back, unlike the directory), or
 * an official account nobody signs in as.
 */
function refusalFor(user: UserModel): ExternalRefusal | null {
  if (user.suspendedAt) return 'suspended';
  if (user.deactivatedAt) return 'deactivated';
  if (user.isOfficial) return 'official-account';
  return null;
}
