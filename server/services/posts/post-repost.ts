/**
 * Reposting (boosting): shares a company-wide post with the reposter's
 * followers. One repost per person and post (reposting again returns the
 * same repost); direct and private-group posts can never be reposted, since
 * that would copy them out of their audience (see `canRepost`).
 */
import { forbidden } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { canRepost, type ViewerContext } from '../../domain/visibility/index.js';
import type { WarbleEvents } from '../events.js';
import type { WrittenNotification } from '../notifications/notification-writer.js';
import { actingUser } from './post-access.js';
import type { PostWriteDeps } from './post-write-deps.js';

export type PostRepostDeps = PostWriteDeps;

export class PostRepostService {
  constructor(private readonly deps: PostRepostDeps) {}

  /** Reposts the post (the original, if given a repost); returns the id of the person's repost. */
  async repost(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    const outcome = await this.deps.sequelize.transaction(async (transaction) => {
      const { row, facts } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      if (!canRepost(actor, facts)) throw forbidden('Only posts the whole company can read may be reposted');
      const existing = await models.Post.findOne({ where: { repostOfId: row.id, authorId: person.id }, transaction });
      if (existing) return { repostId: existing.id, originalId: row.id, created: false, counts: null, written: [] as WrittenNotification[] };
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
      return { repostId: repost.id, originalId: row.id, created: true, counts: await counters.snapshot(row.id, transaction), written };
    });
    if (outcome.created) {
      this.deps.events.publish('post.created', { postId: outcome.repostId, authorId: person.id, inReplyToId: null, repostOfId: outcome.originalId });
    }
    this.publishCounts(outcome.counts);
    for (const notification of outcome.written) this.deps.events.publish('notification.created', notification);
    return outcome.repostId;
  }

  /** Withdraws the person's repost of the post, if any; returns the original's id. */
  async unrepost(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    const outcome = await this.deps.sequelize.transaction(async (transaction) => {
      const { row } = await this.deps.access.loadVisibleOriginal(postId, actor, transaction);
      const existing = await models.Post.findOne({ where: { repostOfId: row.id, authorId: person.id }, transaction });
      if (!existing) return { originalId: row.id, repostId: null, counts: null };
      await existing.destroy({ transaction });
      await counters.adjust(row.id, 'repostsCount', -1, transaction);
      return { originalId: row.id, repostId: existing.id, counts: await counters.snapshot(row.id, transaction) };
    });
    if (outcome.repostId) this.deps.events.publish('post.deleted', { postId: outcome.repostId, authorId: person.id });
    this.publishCounts(outcome.counts);
    return outcome.originalId;
  }

  private publishCounts(counts: WarbleEvents['post.countsChanged'] | null): void {
    if (counts) this.deps.events.publish('post.countsChanged', counts);
  }
}
