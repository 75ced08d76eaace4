/**
 * Creates a local account (CLI `warble user add`, admin page, first-run setup).
 * The first-administrator case is the same use case with one extra rule:
 * it refuses once any administrator exists, checked inside the transaction.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { hashPassword } from '../auth/password-hash.js';
import type { UserModel } from '../db/models/user.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { checkNewPassword, normaliseDisplayName, normaliseUsername } from '../domain/account-rules.js';
import { conflict, DomainError } from '../domain/errors.js';
import type { EventPublisher } from './events.js';

export interface LocalUserDraft {
  username: string;
  displayName?: string;
  email?: string;
  password: string;
  passwordConfirmation?: string;
  isAdmin?: boolean;
}

export class LocalUserCreateService {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly users: UserRepository,
    /** Told user.created after commit (plugins); optional so tools can omit it. */
    private readonly events?: EventPublisher,
  ) {}

  /**
   * `onlyIfNoAdmin`: the first-administrator rule. `onCreated` runs inside the
   * same transaction once the account exists (spending the setup or
   * invitation token that allowed it): throwing there creates nobody.
   */
  async create(
    draft: LocalUserDraft,
    options: { onlyIfNoAdmin?: boolean; onCreated?: (user: UserModel, transaction: Transaction) => Promise<void> } = {},
  ): Promise<UserModel> {
    const username = normaliseUsername(draft.username);
    const displayName = normaliseDisplayName(draft.displayName, username);
    checkNewPassword(draft.password, draft.passwordConfirmation);
    const passwordHash = await hashPassword(draft.password);
    const created = await this.sequelize.transaction(async (transaction) => {
      if (options.onlyIfNoAdmin && (await this.users.adminExists(transaction))) {
        throw new DomainError('E_SETUP_DONE', 'Warble is already set up', 403);
      }
      if (await this.users.findByUsername(username, transaction)) {
        throw conflict('username', 'This user name is taken');
      }
      const email = draft.email?.trim() ? draft.email.trim() : null;
      const user = await this.users.create(
        { username, displayName, email, passwordHash, isAdmin: draft.isAdmin ?? false, source: 'local' },
        transaction,
      );
      await options.onCreated?.(user, transaction);
      await this.events?.record(transaction, 'user.created', { userId: user.id });
      return user;
    });
    return created;
  }
}
