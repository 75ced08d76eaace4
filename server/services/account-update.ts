/**
 * A person edits their own profile through the API (Mastodon's
 * update_credentials). Only a local account's display name is Warble's to
 * change: a directory account's name, and everyone's profile note (title and
 * department), come from the company directory.
 */
import type { UserModel } from '../db/models/user.js';
import type { Sequelize } from 'sequelize';
import type { UserRepository } from '../db/repositories/user-repository.js';
import type { EventPublisher } from './events.js';
import { validationError } from '../domain/errors.js';
import { accountNoteText } from '../serializers/account.js';

export interface AccountChanges {
  displayName?: unknown;
  note?: unknown;
}

const MAX_DISPLAY_NAME = 200;

export class AccountUpdateService {
  constructor(
    private readonly users: UserRepository,
    private readonly sequelize: Sequelize,
    private readonly events: Pick<EventPublisher, 'record'>,
  ) {}

  async update(user: UserModel, changes: AccountChanges): Promise<UserModel> {
    // Clients send the whole profile back; an unchanged note is fine, a changed one is not ours to store.
    if (changes.note !== undefined && (typeof changes.note !== 'string' || changes.note.trim() !== accountNoteText(user))) {
      throw validationError('note', 'The profile note is built from the directory title and department and cannot be edited');
    }
    if (changes.displayName === undefined) return user;
    if (typeof changes.displayName !== 'string') throw validationError('display_name', 'display_name must be a string');
    const displayName = changes.displayName.trim();
    if (displayName === user.displayName) return user;
    if (user.source !== 'local') {
      throw validationError('display_name', 'The display name of a directory account comes from the company directory');
    }
    if (displayName === '' || [...displayName].length > MAX_DISPLAY_NAME) {
      throw validationError('display_name', `display_name must be 1 to ${MAX_DISPLAY_NAME} characters`);
    }
    await this.sequelize.transaction(async (transaction) => {
      await this.users.setDisplayName(user.id, displayName, transaction);
      await this.events.record(transaction, 'user.updated', { userId: user.id, change: 'profile' });
    });
    return (await this.users.findById(user.id)) ?? user;
  }
}
