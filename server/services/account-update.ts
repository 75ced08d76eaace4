/**
 * A person edits their own profile through the API (Mastodon's
 * update_credentials): the same rules as the web page
 * (services/people/profile-edit.ts), with Mastodon's field names. `note` is
 * the bio; Warble's other fields (pronouns, title, department, phone,
 * location) are accepted under their own names, and `avatar` (a picture,
 * cropped to its centred square) as Mastodon sends it.
 */
import type { UserModel } from '../db/models/user.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { DomainError, validationError } from '../domain/errors.js';
import type { EditableProfileField } from '../domain/profile-rules.js';
import { accountNoteText } from '../serializers/account.js';
import type { ProfileActor, ProfileEdit, ProfileEditService } from './people/profile-edit.js';

/** The request's fields, as sent (unknown types are refused here). */
export type AccountChanges = Partial<Record<'displayName' | 'note' | 'pronouns' | 'title' | 'department' | 'phone' | 'location', unknown>>;

/** API parameter name of each profile field. */
const API_FIELD: Record<EditableProfileField, string> = {
  displayName: 'display_name',
  bio: 'note',
  pronouns: 'pronouns',
  title: 'title',
  department: 'department',
  phone: 'phone',
  location: 'location',
};

export class AccountUpdateService {
  constructor(
    private readonly users: UserRepository,
    private readonly profiles: ProfileEditService,
  ) {}

  async update(user: UserModel, changes: AccountChanges, actor: ProfileActor, avatar?: Buffer): Promise<UserModel> {
    const edit: ProfileEdit = {};
    for (const field of Object.keys(API_FIELD) as EditableProfileField[]) {
      const value = changes[field === 'bio' ? 'note' : field];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw validationError(API_FIELD[field], `${API_FIELD[field]} must be a string`);
      edit[field] = value;
    }
    // Clients send the whole profile back: the note they were shown (title · department without a bio) is no change.
    if (edit.bio !== undefined && !user.bio && edit.bio.trim() === accountNoteText(user)) delete edit.bio;
    try {
      // The picture is checked first, so a refused one leaves the text fields unsaved too.
      const photo = avatar ? await this.profiles.preparePhoto(user, avatar, null) : null;
      const changed = await this.profiles.update(user, edit, actor);
      if (photo) await this.profiles.storePhoto(user, photo, actor);
      if (changed.length === 0 && !photo) return user;
    } catch (error) {
      throw error instanceof DomainError && error.field ? withApiField(error) : error;
    }
    return (await this.users.findById(user.id)) ?? user;
  }

  /** DELETE /api/v1/profile/avatar: back to the initials placeholder. */
  async removeAvatar(user: UserModel, actor: ProfileActor): Promise<UserModel> {
    try {
      await this.profiles.removePhoto(user, actor);
    } catch (error) {
      throw error instanceof DomainError && error.field ? withApiField(error) : error;
    }
    return (await this.users.findById(user.id)) ?? user;
  }
}

/** The same refusal under the API's name for the field. */
function withApiField(error: DomainError): DomainError {
  const field = error.field === 'photo' ? 'avatar' : Object.hasOwn(API_FIELD, error.field ?? '') ? API_FIELD[error.field as EditableProfileField] : error.field;
  return new DomainError(error.code, error.message, error.status, field);
}
