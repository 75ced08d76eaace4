/**
 * A person edits their own profile through the API (Mastodon's
 * update_credentials): the same rules as the web page
 * (services/people/profile-edit.ts), with Mastodon's field names. `note` is
 * the bio; Warble's other fields (pronouns, title, department, phone,
 * location) are accepted under their own names.
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

  async update(user: UserModel, changes: AccountChanges, actor: ProfileActor): Promise<UserModel> {
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
      const changed = await this.profiles.update(user, edit, actor);
      if (changed.length === 0) return user;
    } catch (error) {
      if (error instanceof DomainError && error.field && Object.hasOwn(API_FIELD, error.field)) {
        throw new DomainError(error.code, error.message, error.status, API_FIELD[error.field as EditableProfileField]);
      }
      throw error;
    }
    return (await this.users.findById(user.id)) ?? user;
  }
}
