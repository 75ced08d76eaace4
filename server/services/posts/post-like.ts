/**
 * Liking and un-liking: one like per person and post, idempotent both ways
 * (liking twice changes nothing), with the post's counter and the author's
 * notification written in the same transaction.
 */
import type { Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { WarbleEvents } from '../events.js';
import type { WrittenNotification } from '../notifications/notification-writer.js';
import { actingUser } from './post-access.js';
import type { PostWriteDeps } from './post-write-deps.js';

export type PostLikeDeps = PostWriteDeps;

interface Outcome {
  postId: string;
  counts: WarbleEvents['post.countsChanged'] | null;
  written: WrittenNotification[];
}

export class PostLikeService {
  constructor(private readonly deps: PostLikeDeps) {}

  /** Likes the post (the original, for a repost); returns the liked post's id. */
  async like(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    const outcome = await this.deps.sequelize.transaction(async (transaction): Promise<Outcome> => {
      const { row } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      if (await models.Like.findOne({ where: { userId: person.id, postId: row.id }, transaction })) {
        return { postId: row.id, counts: null, written: [] };
      }
      await models.Like.create({ id: newId(), userId: person.id, postId: row.id }, { transaction });
      await counters.adjust(row.id, 'likesCount', 1, transaction);
      const written = await this.deps.notifications.write(
        [{ recipientId: row.authorId, type: 'like', actorId: person.id, postId: row.id }],
        transaction,
      );
      return this.recorded({ postId: row.id, counts: await counters.snapshot(row.id, transaction), written }, transaction);
    });
    return outcome.postId;
  }

  /** Withdraws the like, if any; returns the post's id. */
  async unlike(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    const outcome = await this.deps.sequelize.transaction(async (transaction): Promise<Outcome> => {
      const { row } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      const removed = await models.Like.destroy({ where: { userId: person.id, postId: row.id }, transaction });
      if (removed === 0) return { postId: row.id, counts: null, written: [] };
      await counters.adjust(row.id, 'likesCount', -1, transaction);
      return this.recorded({ postId: row.id, counts: await counters.snapshot(row.id, transaction), written: [] }, transaction);
    });
    return outcome.postId;
  }

  /** Records the outcome's events in the like's transaction (the outbox): told after commit. */
  private async recorded(outcome: Outcome, transaction: Transaction): Promise<Outcome> {
    await this.deps.events.recordAll(transaction, [
      ...(outcome.counts ? [{ name: 'post.countsChanged' as const, payload: outcome.counts }] : []),
      ...outcome.written.map((payload) => ({ name: 'notification.created' as const, payload })),
    ]);
    return outcome;
  }
}
