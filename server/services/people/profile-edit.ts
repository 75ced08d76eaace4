/**
 * A person edits their own profile: the text fields and the photo. Fields
 * the directory or identity provider owns are refused with a 422 naming the
 * field, whatever the form sent (see domain/profile-ownership.ts). Each
 * change is one transaction, then one `profile.updated` audit entry naming
 * the fields that changed, never their values (phone numbers and bios are
 * personal).
 */
import type { Sequelize } from 'sequelize';
import type { UserModel } from '../../db/models/user.js';
import type { AuditEntry } from '../../db/repositories/audit-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { UserPhotoRepository } from '../../db/repositories/user-photo-repository.js';
import { validationError } from '../../domain/errors.js';
import { profileOwnership, type ProfileField } from '../../domain/profile-ownership.js';
import { checkedProfileValue, EDITABLE_PROFILE_FIELDS, type EditableProfileField } from '../../domain/profile-rules.js';
import type { AuditLog } from '../audit/audit-log.js';
import { photoEtag } from '../photo-format.js';
import type { EventPublisher } from '../events.js';
import { squarePhoto, type CropBox } from './photo-crop.js';

/** Submitted values; a field left out stays as it is. */
export type ProfileEdit = Partial<Record<EditableProfileField, string>>;

/** A checked, cropped photo ready to store. */
export type PreparedPhoto = Awaited<ReturnType<typeof squarePhoto>>;

type ProfileValues = Parameters<UserRepository['updateProfile']>[1];

/** Who is acting, for the audit entry. */
export type ProfileActor = Pick<AuditEntry, 'actorId' | 'actorLabel' | 'address'>;

export interface ProfileEditDeps {
  sequelize: Sequelize;
  users: UserRepository;
  photos: UserPhotoRepository;
  audit: AuditLog;
  /** A changed name or photo is told (`user.updated`): it shows with every post, and cached authors are dropped. */
  events: Pick<EventPublisher, 'record'>;
}

const OWNER_TEXT = { directory: 'the company directory', 'identity-provider': 'your identity provider' } as const;

export class ProfileEditService {
  constructor(private readonly deps: ProfileEditDeps) {}

  /** Saves the changed fields; returns their names (empty when nothing changed). */
  async update(user: UserModel, edit: ProfileEdit, actor: ProfileActor): Promise<EditableProfileField[]> {
    const values = this.changedValues(user, edit);
    const fields = Object.keys(values) as EditableProfileField[];
    if (fields.length === 0) return [];
    for (const field of fields) this.refuseOwned(user, field);
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.users.updateProfile(user.id, values, transaction);
      await this.deps.events.record(transaction, 'user.updated', { userId: user.id, change: 'profile' });
    });
    await this.audited(user, fields, actor);
    return fields;
  }

  /** Stores the upload cropped to a square (the box, or centred without one). */
  async setPhoto(user: UserModel, upload: Buffer, box: CropBox | null, actor: ProfileActor): Promise<void> {
    await this.storePhoto(user, await this.preparePhoto(user, upload, box), actor);
  }

  /** Checks and crops an upload without storing it, so a caller can refuse a whole request before any write. */
  async preparePhoto(user: UserModel, upload: Buffer, box: CropBox | null): Promise<PreparedPhoto> {
    this.refuseOwned(user, 'photo');
    return squarePhoto(upload, box);
  }

  async storePhoto(user: UserModel, photo: PreparedPhoto, actor: ProfileActor): Promise<void> {
    const etag = photoEtag(photo.data);
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.photos.put(user.id, { ...photo, etag, source: 'upload' }, transaction);
      await this.deps.events.record(transaction, 'user.updated', { userId: user.id, change: 'profile' });
    });
    await this.audited(user, ['photo'], actor);
  }

  async removePhoto(user: UserModel, actor: ProfileActor): Promise<void> {
    this.refuseOwned(user, 'photo');
    if (!user.photoEtag) return;
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.photos.remove(user.id, transaction);
      await this.deps.events.record(transaction, 'user.updated', { userId: user.id, change: 'profile' });
    });
    await this.audited(user, ['photo'], actor);
  }

  /** The checked values that differ from what is stored (every submitted field is checked, changed or not). */
  private changedValues(user: UserModel, edit: ProfileEdit): ProfileValues {
    const values: ProfileValues = {};
    for (const field of EDITABLE_PROFILE_FIELDS) {
      const raw = edit[field];
      if (raw === undefined) continue;
      const value = checkedProfileValue(field, raw);
      if (value === (user[field] ?? null)) continue;
      // checkedProfileValue never clears the display name (an empty one is refused).
      if (field === 'displayName') values.displayName = value ?? user.displayName;
      else values[field] = value;
    }
    return values;
  }

  private refuseOwned(user: UserModel, field: ProfileField): void {
    const ownership = profileOwnership(user);
    if (ownership.owner && ownership.owns(field)) {
      throw validationError(field, `This field comes from ${OWNER_TEXT[ownership.owner]} and cannot be changed in Warble`);
    }
  }

  private audited(user: UserModel, fields: readonly ProfileField[], actor: ProfileActor): Promise<void> {
    return this.deps.audit.record({ action: 'profile.updated', ...actor, targetType: 'user', targetId: user.id, detail: { fields } });
  }
}
