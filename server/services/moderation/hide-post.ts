/**
 * Hiding a post (reversible): sets posts.hidden_at, so only its author (who
 * may appeal) and moderators still see it; live views drop it through
 * `post.deleted`. Unhiding clears it. Both are recorded.
 */
import type { Transaction } from 'sequelize';
import type { PostModel } from '../../db/models/post.js';
import { notFound } from '../../domain/errors.js';
import { actorOf, assertModerator, type ModerationDeps, type Moderator } from './moderation-deps.js';

export class HidePostService {
  constructor(private readonly deps: Pick<ModerationDeps, 'sequelize' | 'models' | 'events' | 'audit'>) {}

  async hide(moderator: Moderator, postId: string): Promise<void> {
    await this.setHidden(moderator, postId, true);
  }

  async unhide(moderator: Moderator, postId: string): Promise<void> {
    await this.setHidden(moderator, postId, false);
  }

  private async setHidden(moderator: Moderator, postId: string, hidden: boolean): Promise<void> {
    assertModerator(moderator);
    const { models } = this.deps;
    const outcome = await this.deps.sequelize.transaction(async (transaction) => {
      const row = await models.Post.findByPk(postId, { transaction, lock: transaction.LOCK.UPDATE });
      if (!row || row.deletedAt) throw notFound('Status');
      const changed = hidden ? row.hiddenAt === null : row.hiddenAt !== null;
      if (changed) await row.update({ hiddenAt: hidden ? new Date() : null }, { transaction });
      if (hidden && changed) {
        // Hidden is gone for everyone but moderators: live views remove it as if deleted.
        const audience = await audienceOf(models, row, transaction);
        await this.deps.events.record(transaction, 'post.deleted', { postId, authorId: row.authorId, ...(audience ? { audienceUserIds: audience } : {}) });
      }
      if (!hidden && changed) await this.deps.events.record(transaction, 'post.unhidden', { postId, authorId: row.authorId });
      return { changed, authorId: row.authorId };
    });
    await this.deps.audit.record({
      action: hidden ? 'moderation.hide' : 'moderation.unhide',
      ...actorOf(moderator),
      targetType: 'post',
      targetId: postId,
      detail: { authorId: outcome.authorId, changed: outcome.changed },
    });
  }
}

/** Who could see it when its audience is not the whole company (direct, private group); undefined otherwise. */
async function audienceOf(models: ModerationDeps['models'], row: PostModel, transaction: Transaction): Promise<string[] | undefined> {
  if (row.visibility === 'direct') {
    const mentions = await models.PostMention.findAll({ where: { postId: row.id }, attributes: ['userId'], transaction });
    return [...new Set([row.authorId, ...mentions.map((m) => m.userId)])];
  }
  if (row.visibility === 'group' && row.groupId) {
    const group = await models.Group.findByPk(row.groupId, { attributes: ['id', 'visibility'], transaction });
    if (group?.visibility === 'public') return undefined;
    const members = await models.GroupMembership.findAll({ where: { groupId: row.groupId, state: 'active' }, attributes: ['userId'], transaction });
    return members.map((m) => m.userId);
  }
  return undefined;
}
