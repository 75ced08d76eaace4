/**
 * Reposting (boosting): shares a company-wide post with the reposter's
 * followers. One repost per person and post (reposting again returns the
 * same repost); direct and private-group posts can never be reposted, since
 * that would copy them out of their audience (see `canRepost`).
 */
import type { Transaction } from 'sequelize';
import { forbidden } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { canRepost, type ViewerContext } from '../../domain/visibility/index.js';
import type { WarbleEvents } from '../events.js';
import { actingUser } from './post-access.js';
import type { PostWriteDeps } from './post-write-deps.js';

export type PostRepostDeps = PostWriteDeps;

export class PostRepostService {
  constructor(private readonly deps: PostRepostDeps) {}

  /** Reposts the post (the original, if given a repost); returns the id of the person's repost. */
  async repost(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    return this.deps.sequelize.transaction(async (transaction) => {
      const { row, facts } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      if (!canRepost(actor, facts)) throw forbidden('Only posts the whole company can read may be reposted');
      const existing = await models.Post.findOne({ where: { repostOfId: row.id, authorId: person.id }, transaction });
      if (existing) return existing.id;
      const now = new Date();
      const repost = await models.Post.create(
        {
          id: newId(now.getTime()),
          authorId: person.id,
          text: '',
          visibility: 'public',
          groupId: null,
          inReplyToId: null,
          inReplyToAuthorId: null,
          threadRootId: null,
          repostOfId: row.id,
          conversationId: null,
          language: null,
          createdAt: now,
          updatedAt: now,
        },
        { transaction },
      );
      await counters.adjust(row.id, 'repostsCount', 1, transaction);
      const written = await this.deps.notifications.write(
        [{ recipientId: row.authorId, type: 'repost', actorId: person.id, postId: row.id }],
        transaction,
      );
      await this.deps.events.record(transaction, 'post.created', { postId: repost.id, authorId: person.id, inReplyToId: null, repostOfId: row.id });
      await this.recordCounts(await counters.snapshot(row.id, transaction), transaction);
      await this.deps.events.recordEach(transaction, 'notification.created', written);
      return repost.id;
    });
  }

  /** Withdraws the person's repost of the post, if any; returns the original's id. */
  async unrepost(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    return this.deps.sequelize.transaction(async (transaction) => {
      const { row } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      const existing = await models.Post.findOne({ where: { repostOfId: row.id, authorId: person.id }, transaction });
      if (!existing) return row.id;
      await existing.destroy({ transaction });
      await counters.adjust(row.id, 'repostsCount', -1, transaction);
      await this.deps.events.record(transaction, 'post.deleted', { postId: existing.id, authorId: person.id });
      await this.recordCounts(await counters.snapshot(row.id, transaction), transaction);
      return row.id;
    });
  }

  private async recordCounts(counts: WarbleEvents['post.countsChanged'] | null, transaction: Transaction): Promise<void> {
    if (counts) await this.deps.events.record(transaction, 'post.countsChanged', counts);
  }
}
