/**
 * Creates or updates the Warble account of a directory person (at sign-in
 * and at sync): profile fields, photo, administrator flag, reactivation.
 * A local account with the same user name is never taken over: the local
 * account keeps the name and the directory person is refused.
 */
import type { Transaction } from 'sequelize';
import type { DirectoryPerson } from '../auth/ldap/directory-types.js';
import type { UserModel } from '../db/models/user.js';
import type { UserPhotoRepository } from '../db/repositories/user-photo-repository.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { USERNAME_PATTERN } from '../domain/account-rules.js';
import { MAX_PHOTO_BYTES, photoContentType, photoEtag } from './photo-format.js';
import type { PluginHookCalls } from '../plugins/hook-calls.js';
import type { EventPublisher } from './events.js';

/** What happened to the account. */
export type UpsertOutcome =
  | { kind: 'added' | 'updated' | 'unchanged' | 'reactivated'; user: UserModel }
  | { kind: 'refused'; reason: 'local-account' | 'invalid-username' };

/** Directory admin decision: true/false from the admin group, null when no admin group is configured. */
export interface UpsertOptions {
  isAdmin: boolean | null;
}

const cut = (value: string, max: number): string | null => {
  const text = value.trim();
  return text === '' ? null : [...text].slice(0, max).join('');
};

type ProfileFields = Pick<UserModel, 'displayName' | 'email' | 'directoryDn' | 'title' | 'department' | 'phone' | 'manager'>;

function profileOf(person: DirectoryPerson, username: string): ProfileFields {
  return {
    displayName: cut(person.displayName, 200) ?? username,
    email: cut(person.mail.toLowerCase(), 320),
    directoryDn: cut(person.dn, 1024),
    title: cut(person.title, 200),
    department: cut(person.department, 200),
    phone: cut(person.phone, 100),
    manager: cut(person.manager.toLowerCase(), 200),
  };
}

/** One use case: make the Warble account match the directory entry, inside the caller's transaction. */
export class DirectoryUserUpsert {
  constructor(
    private readonly users: UserRepository,
    private readonly photos: UserPhotoRepository,
    /** directory.profile: plugins may adjust the mapped profile. */
    private readonly hooks?: PluginHookCalls,
    /** user.created is told once the caller's transaction commits. */
    private readonly events?: EventPublisher,
  ) {}

  async apply(person: DirectoryPerson, options: UpsertOptions, transaction: Transaction): Promise<UpsertOutcome> {
    const username = person.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) return { kind: 'refused', reason: 'invalid-username' };
    const mapped = profileOf(person, username);
    const profile = this.hooks ? { ...mapped, ...withoutUsername(await this.hooks.profile({ ...mapped, username }, person.dn)) } : mapped;
    const existing = await this.users.findByUsername(username, transaction);
    if (existing && existing.source !== 'ldap') return { kind: 'refused', reason: 'local-account' };

    let user: UserModel;
    let kind: 'added' | 'updated' | 'unchanged' | 'reactivated';
    if (!existing) {
      user = await this.users.create(
        { username, displayName: profile.displayName, email: profile.email, source: 'ldap', directoryDn: profile.directoryDn, isAdmin: options.isAdmin ?? false },
        transaction,
      );
      user.set({ title: profile.title, department: profile.department, phone: profile.phone, manager: profile.manager });
      await user.save({ transaction });
      kind = 'added';
      await this.events?.record(transaction, 'user.created', { userId: user.id });
    } else {
      user = existing;
      const wasDeactivated = user.deactivatedAt !== null;
      user.set({ ...profile, deactivatedAt: null });
      if (options.isAdmin !== null) user.set({ isAdmin: options.isAdmin });
      const changed = user.changed();
      if (changed) await user.save({ transaction });
      kind = wasDeactivated ? 'reactivated' : changed ? 'updated' : 'unchanged';
    }
    if (await this.syncPhoto(user, person.photo, transaction)) {
      if (kind === 'unchanged') kind = 'updated';
      await user.reload({ transaction });
    }
    // Name, title, photo or reactivation: what is shown with their posts changed (read caches, every node).
    if (kind === 'updated' || kind === 'reactivated') {
      await this.events?.record(transaction, 'user.updated', { userId: user.id, change: kind === 'reactivated' ? 'reactivated' : 'profile' });
    }
    return { kind, user };
  }

  /**
   * Stores, replaces or removes the photo; true when something changed. A
   * photo the person uploaded stays while the directory has none for them.
   */
  private async syncPhoto(user: UserModel, photo: Buffer | undefined, transaction: Transaction): Promise<boolean> {
    const contentType = photo && photo.length <= MAX_PHOTO_BYTES ? photoContentType(photo) : null;
    if (!photo || !contentType) {
      if (user.photoEtag === null || user.photoEtag === undefined || user.photoSource === 'upload') return false;
      await this.photos.remove(user.id, transaction);
      return true;
    }
    const etag = photoEtag(photo);
    if (user.photoEtag === etag && user.photoSource === 'directory') return false;
    await this.photos.put(user.id, { contentType, data: photo, etag, source: 'directory' }, transaction);
    return true;
  }
}

function withoutUsername<T extends { username: string }>(profile: T): Omit<T, 'username'> {
  const { username: _ignored, ...rest } = profile;
  return rest;
}
