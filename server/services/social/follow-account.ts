/**
 * Following and unfollowing a person: the follow row, both people's counters
 * and the 'follow' notification in one transaction; `follow.*` and
 * `notification.created` told after commit. Both directions are idempotent,
 * so a retried request (double click, flaky network) changes nothing twice.
 */
import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { notFound, validationError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { EventPublisher } from '../events.js';
import type { NotificationWriter } from '../notifications/notification-writer.js';

export interface FollowDependencies {
  sequelize: Sequelize;
  models: Models;
  notifications: NotificationWriter;
  events: EventPublisher;
}

export class FollowAccountService {
  constructor(private readonly deps: FollowDependencies) {}

  /** `actor` follows `targetId`. Unknown or deactivated targets are 404; following yourself is 422. */
  async follow(actor: Pick<UserModel, 'id'>, targetId: string): Promise<void> {
    if (actor.id === targetId) throw validationError('id', 'You cannot follow yourself');
    try {
      await this.deps.sequelize.transaction(async (transaction) => {
        await this.activeTarget(targetId, transaction);
        const existing = await this.deps.models.Follow.findOne({ where: { followerId: actor.id, followeeId: targetId }, transaction });
        if (existing) return;
        await this.deps.models.Follow.create({ id: newId(), followerId: actor.id, followeeId: targetId }, { transaction });
        await this.adjustCounts(actor.id, targetId, 1, transaction);
        const written = await this.deps.notifications.write([{ recipientId: targetId, type: 'follow', actorId: actor.id }], transaction);
        await this.deps.events.record(transaction, 'follow.created', { followerId: actor.id, followeeId: targetId });
        await this.deps.events.recordEach(transaction, 'notification.created', written);
      });
    } catch (error) {
      // A concurrent request created the same follow first: the outcome the caller wanted.
      if (error instanceof UniqueConstraintError) return;
      throw error;
    }
  }

  /** `actor` stops following `targetId`; a no-op when they did not follow. Unknown targets are 404. */
  async unfollow(actor: Pick<UserModel, 'id'>, targetId: string): Promise<void> {
    await this.deps.sequelize.transaction(async (transaction) => {
      const target = await this.deps.models.User.findByPk(targetId, { transaction });
      if (!target) throw notFound('Account');
      const count = await this.deps.models.Follow.destroy({ where: { followerId: actor.id, followeeId: targetId }, transaction });
      if (count === 0) return;
      await this.adjustCounts(actor.id, targetId, -1, transaction);
      await this.deps.events.record(transaction, 'follow.removed', { followerId: actor.id, followeeId: targetId });
    });
  }

  private async activeTarget(targetId: string, transaction: Transaction): Promise<UserModel> {
    const target = await this.deps.models.User.findByPk(targetId, { transaction });
    if (!target || target.deactivatedAt) throw notFound('Account');
    return target;
  }

  /** Relative updates (`count = count + n`), so concurrent follows of one person never lose an increment. */
  private async adjustCounts(followerId: string, followeeId: string, by: 1 | -1, transaction: Transaction): Promise<void> {
    await this.deps.models.User.increment({ followingCount: by }, { where: { id: followerId }, transaction, silent: true });
    await this.deps.models.User.increment({ followersCount: by }, { where: { id: followeeId }, transaction, silent: true });
  }
}
