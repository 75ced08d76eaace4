/**
 * The first-run setup link (issue 15): only whoever controls the server may
 * create the first administrator. At start, while no administrator exists,
 * a random token is issued and its link printed in the server log (as
 * Jenkins and Grafana do); /setup without it creates nothing. Its hash is
 * stored in the database, so every node accepts the link any node printed.
 * A token works once, and every setup token is void once an administrator
 * exists (whichever way: this link, `warble user add --admin`,
 * WARBLE_ADMIN_*, or a directory admin group).
 */
import type { Sequelize } from 'sequelize';
import { hashSecret, newSecret } from '../../auth/token-crypto.js';
import type { AccountTokenRepository } from '../../db/repositories/account-token-repository.js';
import type { UserModel } from '../../db/models/user.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { DomainError } from '../../domain/errors.js';
import type { LocalUserCreateService, LocalUserDraft } from '../local-user-create.js';

export type SetupLinkState = 'valid' | 'invalid' | 'done';

export const setupTokenInvalid = () =>
  new DomainError('E_FORBIDDEN', 'This setup link is not valid: use the one-time link printed in the server log', 403);

export class SetupTokens {
  constructor(
    private readonly deps: { sequelize: Sequelize; users: UserRepository; tokens: AccountTokenRepository; localUsers: LocalUserCreateService },
  ) {}

  /** A new one-time token while no administrator exists; null once one does. */
  async issue(): Promise<string | null> {
    return this.deps.sequelize.transaction(async (transaction) => {
      if (await this.deps.users.adminExists(transaction)) return null;
      const token = newSecret();
      await this.deps.tokens.create({ purpose: 'setup', tokenHash: hashSecret(token), userId: null, expiresAt: null }, transaction);
      return token;
    });
  }

  /** What /setup may show for this token. */
  async state(token: string): Promise<SetupLinkState> {
    if (await this.deps.users.adminExists()) return 'done';
    if (token === '') return 'invalid';
    return (await this.deps.tokens.findUsable('setup', hashSecret(token))) ? 'valid' : 'invalid';
  }

  /**
   * Creates the first administrator if the token is still good, in one
   * transaction: the token is spent and every other setup token voided with
   * the account, or nothing happens.
   */
  async complete(token: string, draft: Omit<LocalUserDraft, 'isAdmin'>): Promise<UserModel> {
    if (token === '') throw setupTokenInvalid();
    return this.deps.localUsers.create(
      { ...draft, isAdmin: true },
      {
        onlyIfNoAdmin: true,
        onCreated: async (_user, transaction) => {
          if (!(await this.deps.tokens.spend('setup', hashSecret(token), transaction))) throw setupTokenInvalid();
          await this.deps.tokens.voidAll('setup', null, transaction);
        },
      },
    );
  }
}
