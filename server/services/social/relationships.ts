/**
 * What the viewer's relation to other people is (following, followed by),
 * for Mastodon's Relationship entity, in one query however many ids are asked.
 */
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

export interface RelationshipFacts {
  id: string;
  following: boolean;
  followedBy: boolean;
}

/** At most this many ids per request (Mastodon clients ask per page of accounts). */
export const MAX_RELATIONSHIP_IDS = 80;

export class RelationshipService {
  constructor(private readonly models: Models) {}

  /** Facts for the existing accounts among `ids`, in the order asked; unknown ids are skipped, as Mastodon does. */
  async between(viewerId: string, ids: readonly string[]): Promise<RelationshipFacts[]> {
    const wanted = [...new Set(ids)].slice(0, MAX_RELATIONSHIP_IDS);
    if (wanted.length === 0) return [];
    const [users, follows] = await Promise.all([
      this.models.User.findAll({ where: { id: { [Op.in]: wanted } }, attributes: ['id'] }),
      this.models.Follow.findAll({
        where: {
          [Op.or]: [
            { followerId: viewerId, followeeId: { [Op.in]: wanted } },
            { followeeId: viewerId, followerId: { [Op.in]: wanted } },
          ],
        },
        attributes: ['followerId', 'followeeId'],
      }),
    ]);
    const known = new Set(users.map((user) => user.id));
    const following = new Set(follows.filter((row) => row.followerId === viewerId).map((row) => row.followeeId));
    const followedBy = new Set(follows.filter((row) => row.followeeId === viewerId).map((row) => row.followerId));
    return wanted
      .filter((id) => known.has(id))
      .map((id) => ({ id, following: following.has(id), followedBy: followedBy.has(id) }));
  }

  async one(viewerId: string, id: string): Promise<RelationshipFacts> {
    return (await this.between(viewerId, [id]))[0] ?? { id, following: false, followedBy: false };
  }
}
