/** Placing and releasing legal holds; every change is audited. */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { AuditLog } from '../audit/audit-log.js';

export interface LegalHold {
  userId: string;
  username: string;
  reason: string;
  placedBy: string;
  placedAt: Date;
}

export class LegalHolds {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly audit: AuditLog,
  ) {}

  async place(userId: string, reason: string, placedBy: string): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query('DELETE FROM legal_holds WHERE user_id = :userId', { replacements: { userId }, transaction });
      await this.sequelize.query(
        'INSERT INTO legal_holds (user_id, reason, placed_by, created_at) VALUES (:userId, :reason, :placedBy, :now)',
        { replacements: { userId, reason, placedBy, now: new Date() }, transaction },
      );
    });
    await this.audit.record({ action: 'hold.placed', actorId: null, actorLabel: placedBy, targetType: 'user', targetId: userId, detail: { reason } });
  }

  /** Returns false when there was no hold. */
  async release(userId: string, releasedBy: string): Promise<boolean> {
    const removed = await this.sequelize.transaction(async (transaction) => {
      const held = await this.sequelize.query('SELECT user_id FROM legal_holds WHERE user_id = :userId', {
        replacements: { userId },
        type: QueryTypes.SELECT,
        transaction,
      });
      if (held.length === 0) return 0;
      await this.sequelize.query('DELETE FROM legal_holds WHERE user_id = :userId', { replacements: { userId }, transaction });
      return held.length;
    });
    if (removed > 0) {
      await this.audit.record({ action: 'hold.released', actorId: null, actorLabel: releasedBy, targetType: 'user', targetId: userId });
    }
    return removed > 0;
  }

  async list(): Promise<LegalHold[]> {
    const rows = await this.sequelize.query<{ user_id: string; username: string; reason: string; placed_by: string; created_at: string | Date }>(
      'SELECT h.user_id, u.username, h.reason, h.placed_by, h.created_at FROM legal_holds h JOIN users u ON u.id = h.user_id ORDER BY u.username',
      { type: QueryTypes.SELECT },
    );
    return rows.map((row) => ({
      userId: row.user_id,
      username: row.username,
      reason: row.reason,
      placedBy: row.placed_by,
      placedAt: new Date(row.created_at),
    }));
  }
}
