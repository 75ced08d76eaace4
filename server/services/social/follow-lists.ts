/**
 * Who follows a person and whom they follow, paged by the follow row's id
 * (newest follow first), so a page boundary never skips or repeats someone
 * while people keep following.
 */
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { notFound } from '../../domain/errors.js';
import { idOrder, idRange, newestFirstBy, type IdPage } from '../../db/id-page.js';

export interface FollowListEntry {
  /** The follow row's id: the page cursor. */
  id: string;
  user: UserModel;
}

export class FollowListService {
  constructor(private readonly models: Models) {}

  followers(userId: string, page: IdPage): Promise<FollowListEntry[]> {
    return this.list(userId, 'followeeId', 'followerId', page);
  }

  following(userId: string, page: IdPage): Promise<FollowListEntry[]> {
    return this.list(userId, 'followerId', 'followeeId', page);
  }

  private async list(
    userId: string,
    anchor: 'followerId' | 'followeeId',
    other: 'followerId' | 'followeeId',
    page: IdPage,
  ): Promise<FollowListEntry[]> {
    if (!(await this.models.User.findByPk(userId, { attributes: ['id'] }))) throw notFound('Account');
    const range = idRange(page);
    const rows = await this.models.Follow.findAll({
      where: { [anchor]: userId, ...(range ? { id: range } : {}) },
      order: [['id', idOrder(page)]],
      limit: page.limit,
    });
    const users = await this.models.User.findAll({ where: { id: { [Op.in]: rows.map((row) => row[other]) } } });
    const byId = new Map(users.map((user) => [user.id, user]));
    return newestFirstBy(rows, (row) => row.id).flatMap((row) => {
      const user = byId.get(row[other]);
      return user ? [{ id: row.id, user }] : [];
    });
  }
}
