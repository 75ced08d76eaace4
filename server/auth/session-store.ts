/**
 * Server-side session storage for koa-session. Keeping sessions in the
 * database (not only in a cookie) is what lets Warble end every session of a
 * person at once: sign-out everywhere, deactivation, suspension.
 */
import { Op } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { ReadQueries } from '../db/read-queries.js';
import { toDate } from '../db/raw-values.js';

export interface SessionData {
  userId?: string;
  /** Secret for CSRF tokens of this session. */
  csrfSecret?: string;
  [key: string]: unknown;
}

export class SessionStore {
  constructor(
    private readonly models: Models,
    private readonly defaultMaxAgeMs: number,
    /**
     * Every request reads its session: on the hot-read connections, not
     * Sequelize's one shared SQLite connection (where it queued behind every
     * other request's lookups). Never cached, so a revoked session ends at once.
     */
    private readonly reads: ReadQueries,
  ) {}

  async get(key: string): Promise<SessionData | undefined> {
    const [row] = await this.reads.select<{ data: string; expires_at: unknown }>(
      'SELECT data, expires_at FROM sessions WHERE id = :key',
      { key },
    );
    if (!row) return undefined;
    if ((toDate(row.expires_at)?.getTime() ?? 0) <= Date.now()) {
      await this.destroy(key);
      return undefined;
    }
    return JSON.parse(String(row.data)) as SessionData;
  }

  async set(key: string, data: SessionData, maxAge: number | 'session' | undefined): Promise<void> {
    const ttl = typeof maxAge === 'number' ? maxAge : this.defaultMaxAgeMs;
    await this.models.Session.upsert({
      id: key,
      userId: typeof data.userId === 'string' ? data.userId : null,
      data: JSON.stringify(data),
      expiresAt: new Date(Date.now() + ttl),
    });
  }

  async destroy(key: string): Promise<void> {
    await this.models.Session.destroy({ where: { id: key } });
  }

  /** Ends every session of one person; returns how many ended. */
  destroyAllForUser(userId: string): Promise<number> {
    return this.models.Session.destroy({ where: { userId } });
  }

  /** Housekeeping: forget expired sessions. */
  purgeExpired(now: Date = new Date()): Promise<number> {
    return this.models.Session.destroy({ where: { expiresAt: { [Op.lte]: now } } });
  }
}
