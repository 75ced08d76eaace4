/**
 * Claims and outcomes of digests, one row per person and period. Claiming
 * is inserting the row (a unique key), so of two runs or two nodes only one
 * sends; a `failed` row, or a `pending` one whose claim is older than the
 * stale timeout (its sender crashed), can be taken over by exactly one
 * later run (a conditional update).
 */
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { DigestDeliveryModel } from '../models/digest-delivery.js';
import type { Models } from '../models/index.js';

/** A claim older than this is presumed abandoned (a crash between claim and outcome). */
export const STALE_CLAIM_MS = 30 * 60_000;
/** Failed deliveries are retried by later runs of the same period, up to this many attempts. */
export const MAX_ATTEMPTS = 5;

export interface DigestCounts {
  mentions: number;
  messages: number;
  announcements: number;
  posts: number;
}

export class DigestDeliveryRepository {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  /** The claimed row when this caller now owns the person's digest for the period, else null. */
  async claim(userId: string, periodKey: string, now: Date): Promise<DigestDeliveryModel | null> {
    const { DigestDelivery } = this.models;
    try {
      return await this.sequelize.transaction((transaction) =>
        DigestDelivery.create({ id: newId(), userId, periodKey, status: 'pending', attempts: 1, claimedAt: now }, { transaction }),
      );
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
    const [taken] = await this.sequelize.transaction((transaction) =>
      DigestDelivery.update(
        { status: 'pending', claimedAt: now, attempts: this.sequelize.literal('attempts + 1') },
        {
          where: {
            userId,
            periodKey,
            [Op.or]: [
              { status: 'failed', attempts: { [Op.lt]: MAX_ATTEMPTS } },
              { status: 'pending', claimedAt: { [Op.lt]: new Date(now.getTime() - STALE_CLAIM_MS) } },
            ],
          },
          transaction,
        },
      ),
    );
    return taken > 0 ? DigestDelivery.findOne({ where: { userId, periodKey } }) : null;
  }

  /**
   * Records the outcome and moves the person's watermark to the window's end,
   * in one transaction: the next digest starts exactly where this one stopped.
   */
  async finish(delivery: DigestDeliveryModel, outcome: 'sent' | 'skipped', counts: DigestCounts, coveredUntil: Date, now: Date): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.models.DigestDelivery.update(
        {
          status: outcome,
          sentAt: outcome === 'sent' ? now : null,
          error: null,
          mentionsCount: counts.mentions,
          messagesCount: counts.messages,
          announcementsCount: counts.announcements,
          postsCount: counts.posts,
        },
        { where: { id: delivery.id }, transaction },
      );
      await this.models.User.update({ digestCoveredUntil: coveredUntil }, { where: { id: delivery.userId }, transaction });
    });
  }

  /** Leaves the row for a later run to retry; the watermark does not move. */
  async fail(delivery: DigestDeliveryModel, error: string): Promise<void> {
    await this.sequelize.transaction((transaction) =>
      this.models.DigestDelivery.update({ status: 'failed', error: error.slice(0, 2000) }, { where: { id: delivery.id }, transaction }),
    );
  }
}
