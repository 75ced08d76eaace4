/**
 * Bookmarks: a private "keep this" on a post the person can see. Idempotent
 * both ways; nobody else is told, so there is no event.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { newId } from '../../domain/ids.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import { actingUser, type PostAccess } from './post-access.js';

export class PostBookmarkService {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly access: PostAccess,
  ) {}

  /** Returns the bookmarked post's id (the original, for a repost). */
  async bookmark(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    return this.sequelize.transaction(async (transaction) => {
      const { row } = await this.access.loadVisibleOriginal(postId, actor, transaction);
      if (!(await this.models.Bookmark.findOne({ where: { userId: person.id, postId: row.id }, transaction }))) {
        await this.models.Bookmark.create({ id: newId(), userId: person.id, postId: row.id }, { transaction });
      }
      return row.id;
    });
  }

  async unbookmark(actor: ViewerContext, postId: string): Promise<string> {
    const person = actingUser(actor);
    return this.sequelize.transaction(async (transaction) => {
      const { row } = await this.access.loadVisibleOriginal(postId, actor, transaction);
      await this.models.Bookmark.destroy({ where: { userId: person.id, postId: row.id }, transaction });
      return row.id;
    });
  }
}
