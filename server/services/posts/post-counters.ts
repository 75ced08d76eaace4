/**
 * Counters shown with every post and account, changed in the same
 * transaction as the rows they count (atomic `col = col ± 1`, never a
 * read-modify-write), so they stay right under concurrent writes.
 */
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { WarbleEvents } from '../events.js';

type PostCounter = 'repliesCount' | 'repostsCount' | 'likesCount';

export class PostCounters {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  async adjust(postId: string, counter: PostCounter, delta: 1 | -1, transaction: Transaction): Promise<void> {
    if (delta > 0) {
      await this.models.Post.increment({ [counter]: 1 }, { where: { id: postId }, transaction });
    } else {
      // Never below zero, even if an earlier bug left a counter short.
      await this.models.Post.decrement({ [counter]: 1 }, { where: { id: postId, [counter]: { [Op.gt]: 0 } }, transaction });
    }
  }

  /** The payload of `post.countsChanged`, read inside the transaction that changed them. */
  async snapshot(postId: string, transaction: Transaction): Promise<WarbleEvents['post.countsChanged'] | null> {
    const row = await this.models.Post.findByPk(postId, {
      attributes: ['id', 'repliesCount', 'repostsCount', 'likesCount'],
      transaction,
    });
    return row ? { postId: row.id, repliesCount: row.repliesCount, repostsCount: row.repostsCount, likesCount: row.likesCount } : null;
  }

  /** A new original post or reply by `authorId` (reposts are not counted: they are not the person's words). */
  async authorPosted(authorId: string, at: Date, transaction: Transaction): Promise<void> {
    await this.models.User.increment({ postsCount: 1 }, { where: { id: authorId }, transaction });
    await this.models.User.update({ lastPostAt: at }, { where: { id: authorId }, transaction });
  }

  /** One of `authorId`'s posts was deleted: one fewer, and the last post time is that of the newest remaining one. */
  async authorDeleted(authorId: string, transaction: Transaction): Promise<void> {
    await this.models.User.decrement({ postsCount: 1 }, { where: { id: authorId, postsCount: { [Op.gt]: 0 } }, transaction });
    const [latest] = await this.sequelize.query<{ created_at: unknown }>(
      `SELECT created_at FROM posts
       WHERE author_id = :authorId AND deleted_at IS NULL AND repost_of_id IS NULL
       ORDER BY id DESC LIMIT 1`,
      { replacements: { authorId }, type: QueryTypes.SELECT, transaction },
    );
    const lastPostAt = latest ? new Date(latest.created_at instanceof Date ? latest.created_at : String(latest.created_at)) : null;
    await this.models.User.update({ lastPostAt }, { where: { id: authorId }, transaction });
  }
}
