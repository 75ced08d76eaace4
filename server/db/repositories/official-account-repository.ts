/**
 * Who may publish as which official account (`official_account_publishers`).
 * Plain SQL over one small table: the rows are pairs, read by account (the
 * admin page) or by person (every compose box), both indexed.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { ReadQueries } from '../read-queries.js';

export interface PublisherRow {
  accountId: string;
  userId: string;
  addedBy: string | null;
  createdAt: Date;
}

interface RawPublisherRow {
  account_id: string;
  user_id: string;
  added_by: string | null;
  created_at: string | Date;
}

const toRow = (raw: RawPublisherRow): PublisherRow => ({
  accountId: raw.account_id,
  userId: raw.user_id,
  addedBy: raw.added_by,
  createdAt: raw.created_at instanceof Date ? raw.created_at : new Date(raw.created_at),
});

export class OfficialAccountRepository {
  constructor(
    private readonly sequelize: Sequelize,
    /** Who publishes as what is asked by every compose box: read on the hot-read connections. */
    private readonly reads: ReadQueries,
  ) {}

  /** Adds the pair; false when it already existed (adding twice is not an error). */
  async add(accountId: string, userId: string, addedBy: string, transaction: Transaction): Promise<boolean> {
    if (await this.isPublisher(accountId, userId, transaction)) return false;
    await this.sequelize.query(
      'INSERT INTO official_account_publishers (account_id, user_id, added_by, created_at) VALUES (:accountId, :userId, :addedBy, :now)',
      { replacements: { accountId, userId, addedBy, now: new Date() }, transaction },
    );
    return true;
  }

  /** Removes the pair; false when there was none. */
  async remove(accountId: string, userId: string, transaction: Transaction): Promise<boolean> {
    const existed = await this.isPublisher(accountId, userId, transaction);
    if (existed) {
      await this.sequelize.query('DELETE FROM official_account_publishers WHERE account_id = :accountId AND user_id = :userId', {
        replacements: { accountId, userId },
        transaction,
      });
    }
    return existed;
  }

  async isPublisher(accountId: string, userId: string, transaction?: Transaction): Promise<boolean> {
    const rows = await this.sequelize.query<{ one: number }>(
      'SELECT 1 AS one FROM official_account_publishers WHERE account_id = :accountId AND user_id = :userId',
      { replacements: { accountId, userId }, type: QueryTypes.SELECT, transaction },
    );
    return rows.length > 0;
  }

  /** Publishers of the given accounts, oldest first. */
  async publishersOf(accountIds: readonly string[]): Promise<PublisherRow[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.sequelize.query<RawPublisherRow>(
      'SELECT account_id, user_id, added_by, created_at FROM official_account_publishers WHERE account_id IN (:accountIds) ORDER BY created_at, user_id',
      { replacements: { accountIds: [...accountIds] }, type: QueryTypes.SELECT },
    );
    return rows.map(toRow);
  }

  /** The official accounts `userId` may publish as. */
  async accountIdsFor(userId: string): Promise<string[]> {
    const rows = await this.reads.select<{ account_id: string }>('SELECT account_id FROM official_account_publishers WHERE user_id = :userId', { userId });
    return rows.map((row) => row.account_id);
  }
}
