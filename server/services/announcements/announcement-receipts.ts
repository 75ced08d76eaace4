/**
 * A person's receipts: "seen" when an announcement is first shown to them
 * (rendering the banner), "acknowledged" when they dismiss it. Both are
 * idempotent; only a change is written and told (the sender's stats page
 * climbs live; an acknowledgement clears the person's other tabs).
 */
import { Op, UniqueConstraintError } from 'sequelize';
import { notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import type { AnnouncementAudience } from './announcement-audience.js';
import type { AnnouncementDeps } from './announcement-deps.js';

export class AnnouncementReceiptsService {
  constructor(
    private readonly deps: Pick<AnnouncementDeps, 'sequelize' | 'models' | 'events'>,
    private readonly audience: AnnouncementAudience,
  ) {}

  /** Marks what was just shown to `userId` as seen; nothing is written when all of it was seen before. */
  async markSeen(userId: string, announcementIds: readonly string[]): Promise<void> {
    const ids = [...new Set(announcementIds)].filter(isId);
    if (ids.length === 0) return;
    const { AnnouncementReceipt } = this.deps.models;
    const known = await AnnouncementReceipt.findAll({ where: { userId, announcementId: { [Op.in]: ids }, seenAt: { [Op.ne]: null } }, attributes: ['announcementId'], raw: true });
    const seenBefore = new Set(known.map((receipt) => receipt.announcementId));
    const fresh = ids.filter((id) => !seenBefore.has(id));
    if (fresh.length === 0) return;
    const now = new Date();
    await this.retryOnRace(() =>
      this.deps.sequelize.transaction(async (transaction) => {
        const rows = await AnnouncementReceipt.findAll({ where: { userId, announcementId: { [Op.in]: fresh } }, attributes: ['announcementId', 'seenAt'], transaction });
        const existing = new Map(rows.map((row) => [row.announcementId, row.seenAt]));
        const unseenRows = fresh.filter((id) => existing.has(id) && !existing.get(id));
        const missing = fresh.filter((id) => !existing.has(id));
        // One statement each, not one per announcement: a first page view may show several.
        if (unseenRows.length > 0) await AnnouncementReceipt.update({ seenAt: now }, { where: { userId, announcementId: { [Op.in]: unseenRows } }, transaction });
        if (missing.length > 0) {
          await AnnouncementReceipt.bulkCreate(missing.map((announcementId) => ({ announcementId, userId, seenAt: now, acknowledgedAt: null })), { transaction });
        }
        const changed = [...unseenRows, ...missing];
        await this.deps.events.recordEach(transaction, 'announcement.receipts', changed.map((announcementId) => ({ announcementId, userId, acknowledged: false })));
      }),
    );
  }

  /**
   * Acknowledges (Mastodon's dismiss). 404 when the announcement does not
   * exist, was withdrawn, or is not addressed to `userId`; repeating it
   * changes nothing.
   */
  async acknowledge(userId: string, announcementId: string): Promise<void> {
    const announcement = isId(announcementId) ? await this.deps.models.Announcement.findByPk(announcementId) : null;
    if (!announcement || announcement.withdrawnAt || !(await this.audience.includes(announcement, userId))) throw notFound('Announcement');
    const { AnnouncementReceipt } = this.deps.models;
    const now = new Date();
    await this.retryOnRace(() =>
      this.deps.sequelize.transaction(async (transaction) => {
        // Conditional, not read-then-write: two concurrent acknowledgements on
        // PostgreSQL would both read "not yet" and both tell the change; only
        // the one whose UPDATE changed the row does.
        const [acknowledged] = await AnnouncementReceipt.update({ acknowledgedAt: now }, { where: { userId, announcementId, acknowledgedAt: null }, transaction });
        if (acknowledged > 0) {
          await AnnouncementReceipt.update({ seenAt: now }, { where: { userId, announcementId, seenAt: null }, transaction });
        } else {
          if (await AnnouncementReceipt.count({ where: { userId, announcementId }, transaction })) return;
          // No row yet: a concurrent insert makes this fail, and the retry finds it acknowledged (or acknowledges it).
          await AnnouncementReceipt.create({ announcementId, userId, seenAt: now, acknowledgedAt: now }, { transaction });
        }
        await this.deps.events.record(transaction, 'announcement.receipts', { announcementId, userId, acknowledged: true });
      }),
    );
  }

  /**
   * Two tabs of one person can race to create the same receipt (PostgreSQL
   * runs both transactions at once): the loser sees the winner's row on a
   * second try, so the outcome is the same as if they had queued.
   */
  private async retryOnRace<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintError) return work();
      throw error;
    }
  }
}
