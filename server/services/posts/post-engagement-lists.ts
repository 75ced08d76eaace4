/**
 * Who liked or reposted a post (GET /api/v1/statuses/:id/favourited_by and
 * /reblogged_by), newest first, paged by the like or repost id. Only for
 * people who may see the post; deactivated accounts are left out.
 */
import { Op, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { StatusPresenter } from './status-presenter.js';

export interface PageCursor {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit: number;
}

export interface AccountPage {
  /** Paging keys (like or repost ids) for the Link header, in the order shown. */
  cursors: Array<{ id: string }>;
  users: UserModel[];
}

function idRange(page: PageCursor): WhereOptions {
  const range: Record<symbol, string> = {};
  if (page.maxId) range[Op.lt] = page.maxId;
  const lower = page.minId ?? page.sinceId;
  if (lower) range[Op.gt] = lower;
  return Object.getOwnPropertySymbols(range).length > 0 ? { id: range } : {};
}

export class PostEngagementLists {
  constructor(
    private readonly models: Models,
    private readonly statuses: StatusPresenter,
  ) {}

  /** null when the viewer may not see the post. */
  async likedBy(postId: string, viewer: ViewerContext, page: PageCursor): Promise<AccountPage | null> {
    if ((await this.statuses.visibleIds([postId], viewer)).length === 0) return null;
    const likes = await this.models.Like.findAll({
      where: { postId, ...idRange(page) },
      order: [['id', page.minId ? 'ASC' : 'DESC']],
      limit: page.limit,
      attributes: ['id', 'userId'],
    });
    return this.withUsers(page.minId ? likes.reverse() : likes, (like) => like.userId);
  }

  async repostedBy(postId: string, viewer: ViewerContext, page: PageCursor): Promise<AccountPage | null> {
    if ((await this.statuses.visibleIds([postId], viewer)).length === 0) return null;
    const reposts = await this.models.Post.findAll({
      where: { repostOfId: postId, deletedAt: null, ...idRange(page) },
      order: [['id', page.minId ? 'ASC' : 'DESC']],
      limit: page.limit,
      attributes: ['id', 'authorId'],
    });
    return this.withUsers(page.minId ? reposts.reverse() : reposts, (repost) => repost.authorId);
  }

  private async withUsers<T extends { id: string }>(rows: T[], userIdOf: (row: T) => string): Promise<AccountPage> {
    const users = await this.models.User.findAll({ where: { id: rows.map(userIdOf), deactivatedAt: null } });
    const byId = new Map(users.map((user) => [user.id, user]));
    const shown = rows.filter((row) => byId.has(userIdOf(row)));
    return { cursors: shown.map((row) => ({ id: row.id })), users: shown.map((row) => byId.get(userIdOf(row))!) };
  }
}
