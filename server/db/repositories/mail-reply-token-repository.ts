/**
 * Reply tokens of notification mails, kept as SHA-256 hashes (migration
 * 0024-mail-bridge). Plain SQL without a model: a table of five
 * columns read by primary key needs none.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export interface StoredReplyToken {
  userId: string;
  postId: string;
  expiresAt: Date;
}

export class MailReplyTokenRepository {
  constructor(private readonly sequelize: Sequelize) {}

  async insert(tokenHash: string, userId: string, postId: string, createdAt: Date, expiresAt: Date, transaction?: Transaction): Promise<void> {
    await this.sequelize.query(
      'INSERT INTO mail_reply_tokens (token_hash, user_id, post_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      { replacements: [tokenHash, userId, postId, createdAt, expiresAt], type: QueryTypes.INSERT, transaction },
    );
  }

  async find(tokenHash: string): Promise<StoredReplyToken | null> {
    const rows = await this.sequelize.query<{ user_id: string; post_id: string; expires_at: Date | string }>(
      'SELECT user_id, post_id, expires_at FROM mail_reply_tokens WHERE token_hash = ?',
      { replacements: [tokenHash], type: QueryTypes.SELECT },
    );
    const row = rows[0];
    return row ? { userId: row.user_id, postId: row.post_id, expiresAt: new Date(row.expires_at) } : null;
  }

  /** Drops tokens dead before `now`. */
  async purgeExpired(now: Date): Promise<void> {
    await this.sequelize.query('DELETE FROM mail_reply_tokens WHERE expires_at <= ?', { replacements: [now] });
  }
}
