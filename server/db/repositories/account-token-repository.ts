/** One-time account tokens (setup link, password reset), found and spent by their hash. */
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { AccountTokenModel, AccountTokenPurpose } from '../models/account-token.js';
import type { Models } from '../models/index.js';

export interface AccountTokenRecord {
  id: string;
  purpose: AccountTokenPurpose;
  userId: string | null;
  expiresAt: Date | null;
}

const toRecord = (row: AccountTokenModel): AccountTokenRecord => ({ id: row.id, purpose: row.purpose, userId: row.userId, expiresAt: row.expiresAt });

/** Unused and not expired at `now`. */
function usable(purpose: AccountTokenPurpose, tokenHash: string, now: Date): WhereOptions<AccountTokenModel> {
  return { purpose, tokenHash, usedAt: null, [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: now } }] };
}

export class AccountTokenRepository {
  constructor(private readonly models: Models) {}

  async create(token: { purpose: AccountTokenPurpose; tokenHash: string; userId: string | null; expiresAt: Date | null }, transaction?: Transaction): Promise<AccountTokenRecord> {
    const row = await this.models.AccountToken.create({ id: newId(), ...token, usedAt: null }, { transaction });
    return toRecord(row);
  }

  async findUsable(purpose: AccountTokenPurpose, tokenHash: string, now: Date = new Date()): Promise<AccountTokenRecord | null> {
    const row = await this.models.AccountToken.findOne({ where: usable(purpose, tokenHash, now) });
    return row ? toRecord(row) : null;
  }

  /**
   * Marks the token used if it still was usable, in one conditional UPDATE,
   * so two requests racing with the same link cannot both spend it.
   */
  async spend(purpose: AccountTokenPurpose, tokenHash: string, transaction: Transaction, now: Date = new Date()): Promise<AccountTokenRecord | null> {
    const row = await this.models.AccountToken.findOne({ where: usable(purpose, tokenHash, now), transaction });
    if (!row) return null;
    const [count] = await this.models.AccountToken.update({ usedAt: now }, { where: { id: row.id, usedAt: null }, transaction });
    return count === 1 ? toRecord(row) : null;
  }

  /** Voids every unused token of this purpose (of one person, or all setup tokens when userId is null). */
  async voidAll(purpose: AccountTokenPurpose, userId: string | null, transaction?: Transaction, now: Date = new Date()): Promise<number> {
    const [count] = await this.models.AccountToken.update({ usedAt: now }, { where: { purpose, userId, usedAt: null }, transaction });
    return count;
  }
}
