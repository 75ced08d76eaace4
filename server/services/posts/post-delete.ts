/**
 * Deleting a post: its author, or a site administrator, may delete what they
 * can see. Originals and replies are soft-deleted (deleted_at), which makes
 * them gone for everyone — by id, in threads and in every timeline, since all
 * reads go through the visibility rules — while replies keep their thread
 * links. A repost is simply withdrawn (its row removed). Counters follow in
 * the same transaction; `post.deleted` carries the audience computed before
 * the deletion so live views can drop the post.
 */
import type { Transaction } from 'sequelize';
import { forbidden } from '../../domain/errors.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { WarbleEvents } from '../events.js';
import { actingUser, type LoadedPost } from './post-access.js';
import type { PostWriteDeps } from './post-write-deps.js';

export type PostDeleteDeps = Omit<PostWriteDeps, 'notifications'>;

export class PostDeleteService {
  constructor(private readonly deps: PostDeleteDeps) {}

  async delete(actor: ViewerContext, postId: string): Promise<void> {
    const person = actingUser(actor);
    const { models, counters } = this.deps;
    await this.deps.sequelize.transaction(async (transaction) => {
      const loaded = await this.deps.access.loadVisible(postId, actor, transaction, { lock: true });
      const { row } = loaded;
      // Mastodon answers 404 here; Warble says 403 for a post the person can see, which is more honest and reveals nothing.
      if (row.authorId !== person.id && !person.isAdmin) throw forbidden('Only the author or an administrator can delete a post');
      const audienceUserIds = await this.audienceOf(loaded, transaction);
      const changed: Array<WarbleEvents['post.countsChanged']> = [];
      if (row.repostOfId) {
        await row.destroy({ transaction });
        await counters.adjust(row.repostOfId, 'repostsCount', -1, transaction);
        const counts = await counters.snapshot(row.repostOfId, transaction);
        if (counts) changed.push(counts);
      } else {
        await row.update({ deletedAt: new Date() }, { transaction });
        // Its notifications would point at nothing.
        await models.Notification.destroy({ where: { postId: row.id }, transaction });
        await counters.authorDeleted(row.authorId, transaction);
        if (row.inReplyToId) {
          await counters.adjust(row.inReplyToId, 'repliesCount', -1, transaction);
          const counts = await counters.snapshot(row.inReplyToId, transaction);
          if (counts) changed.push(counts);
        }
      }
      await this.deps.events.record(transaction, 'post.deleted', {
        postId,
        authorId: row.authorId,
        ...(audienceUserIds ? { audienceUserIds } : {}),
      });
      await this.deps.events.recordEach(transaction, 'post.countsChanged', changed);
    });
  }

  /**
   * Who could see the post: the participants of a direct message, the
   * members of a private group. Undefined for company-wide posts, which
   * every active person could see.
   */
  private async audienceOf(loaded: LoadedPost, transaction: Transaction): Promise<string[] | undefined> {
    // A repost only ever spreads a company-wide post.
    if (loaded.row.repostOfId) return undefined;
    const { facts } = loaded;
    if (facts.visibility === 'direct') return [...new Set([facts.authorId, ...facts.mentionedUserIds])];
    if (facts.visibility === 'group' && facts.groupVisibility !== 'public') {
      const members = await this.deps.models.GroupMembership.findAll({
        where: { groupId: facts.groupId ?? '', state: 'active' },
        attributes: ['userId'],
        transaction,
      });
      return members.map((member) => member.userId);
    }
    return undefined;
  }
}
