/**
 * A moderator deletes a post: the same soft delete as the author's own
 * (PostDeleteService: counters, notifications, live removal), with the
 * moderator acting with an administrator's authority over posts they can
 * see. Deletion is not reversible from the pages; hiding is the reversible
 * alternative. Recorded.
 */
import { viewerContext } from '../../domain/visibility/index.js';
import { actorOf, assertModerator, type ModerationDeps, type Moderator } from './moderation-deps.js';

export class ModeratorDeletePostService {
  constructor(private readonly deps: Pick<ModerationDeps, 'models' | 'posts' | 'audit'>) {}

  async delete(moderator: Moderator, postId: string): Promise<void> {
    assertModerator(moderator);
    const { user } = moderator;
    const memberships = await this.deps.models.GroupMembership.findAll({ where: { userId: user.id }, attributes: ['groupId', 'role', 'state'] });
    const actor = viewerContext(
      { kind: 'user', id: user.id, isAdmin: true, isModerator: true, isActive: true },
      memberships.map((m) => [m.groupId, m.state === 'active' ? m.role : m.state] as const),
    );
    const row = await this.deps.models.Post.findByPk(postId, { attributes: ['id', 'authorId'] });
    await this.deps.posts.delete.delete(actor, postId);
    await this.deps.audit.record({
      action: 'moderation.delete',
      ...actorOf(moderator),
      targetType: 'post',
      targetId: postId,
      detail: { authorId: row?.authorId ?? null },
    });
  }
}
