/**
 * An administrator deactivates or reactivates a local account (directory
 * accounts follow the directory: directory-sync.ts). The change and its event
 * commit together, so every node's read caches and live views hear of it.
 * Ending sessions and tokens stays with the caller (AccessRevoker), after commit.
 */
import type { Sequelize } from 'sequelize';
import type { UserModel } from '../db/models/user.js';
import type { EventPublisher } from './events.js';

export class AccountActivation {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly events: Pick<EventPublisher, 'record'>,
  ) {}

  async deactivate(user: UserModel): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await user.update({ deactivatedAt: new Date() }, { transaction });
      await this.events.record(transaction, 'user.deactivated', { userId: user.id });
    });
  }

  async reactivate(user: UserModel): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await user.update({ deactivatedAt: null }, { transaction });
      await this.events.record(transaction, 'user.updated', { userId: user.id, change: 'reactivated' });
    });
  }
}
