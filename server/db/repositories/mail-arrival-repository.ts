/**
 * What arrived by mail (migration 0024-mail-bridge): one row per reply, group
 * post or acknowledgement that came in through the email bridge. Recorded in
 * the same transaction as the thing it counts, so the two never disagree.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';

export type MailArrivalKind = 'reply' | 'post' | 'acknowledgement';

export class MailArrivalRepository {
  constructor(private readonly sequelize: Sequelize) {}

  async record(kind: MailArrivalKind, userId: string, subjectId: string, transaction?: Transaction, at: Date = new Date()): Promise<void> {
    await this.sequelize.query(
      'INSERT INTO mail_arrivals (id, kind, user_id, subject_id, created_at) VALUES (?, ?, ?, ?, ?)',
      { replacements: [newId(at.getTime()), kind, userId, subjectId, at], type: QueryTypes.INSERT, transaction },
    );
  }

  /** How many of each kind arrived in [from, to). */
  async countByKind(from: Date, to: Date): Promise<Record<MailArrivalKind, number>> {
    const rows = await this.sequelize.query<{ kind: MailArrivalKind; n: number | string }>(
      'SELECT kind, COUNT(*) AS n FROM mail_arrivals WHERE created_at >= ? AND created_at < ? GROUP BY kind',
      { replacements: [from, to], type: QueryTypes.SELECT },
    );
    const counts: Record<MailArrivalKind, number> = { reply: 0, post: 0, acknowledgement: 0 };
    for (const row of rows) counts[row.kind] = Number(row.n);
    return counts;
  }
}
