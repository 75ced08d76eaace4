/**
 * Loads posts inside a write's transaction with the facts the visibility
 * rules need, so every use case decides "may this person act on this post?"
 * with the same rule the readers use (server/domain/visibility), and answers
 * 404 for what the person may not see (never revealing that it exists).
 */
import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { PostModel } from '../../db/models/post.js';
import { DomainError, notFound } from '../../domain/errors.js';
import {
  activeViewer,
  canSeePost,
  viewerContext,
  type GroupMembershipState,
  type Post as VisibilityPost,
  type SignedInViewer,
  type ViewerContext,
} from '../../domain/visibility/index.js';

export interface LoadedPost {
  row: PostModel;
  /** The same post as the visibility rules see it (group visibility, mentions, original of a repost). */
  facts: VisibilityPost;
}

/** The acting person, or 401 when the context is anonymous or deactivated. */
export function actingUser(actor: ViewerContext): SignedInViewer {
  const viewer = activeViewer(actor);
  if (!viewer) throw new DomainError('E_UNAUTHENTICATED', 'Sign in first', 401);
  return viewer;
}

export const statusNotFound = () => notFound('Status');

export class PostAccess {
  constructor(private readonly models: Models) {}

  /**
   * The post with its visibility facts, or null. `lock` takes a row lock
   * (PostgreSQL; SQLite transactions are already serialised) so counters and
   * "one like per person" checks cannot race.
   */
  async load(id: string, transaction: Transaction, options: { lock?: boolean } = {}): Promise<LoadedPost | null> {
    const row = await this.models.Post.findByPk(id, {
      transaction,
      ...(options.lock ? { lock: transaction.LOCK.UPDATE } : {}),
    });
    if (!row) return null;
    const original = row.repostOfId ? await this.models.Post.findByPk(row.repostOfId, { transaction }) : null;
    return { row, facts: await this.factsOf(row, original, transaction) };
  }

  /** The post if `actor` may see it; otherwise 404, as if it did not exist. */
  async loadVisible(id: string, actor: ViewerContext, transaction: Transaction, options: { lock?: boolean } = {}): Promise<LoadedPost> {
    const loaded = await this.load(id, transaction, options);
    if (!loaded || !canSeePost(actor, loaded.facts)) throw statusNotFound();
    return loaded;
  }

  /**
   * Likes, reposts, bookmarks and replies address the original of a repost
   * (as Mastodon does): acting on a repost acts on what was reposted.
   */
  async loadVisibleOriginal(id: string, actor: ViewerContext, transaction: Transaction): Promise<LoadedPost> {
    const loaded = await this.loadVisible(id, actor, transaction, { lock: true });
    if (!loaded.row.repostOfId) return loaded;
    return this.loadVisible(loaded.row.repostOfId, actor, transaction, { lock: true });
  }

  /**
   * Viewer contexts for other people (notification recipients, audiences),
   * with just the membership in `groupId` that a decision about one post needs.
   */
  async viewerContextsFor(userIds: readonly string[], groupId: string | null, transaction: Transaction): Promise<Map<string, ViewerContext>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const [users, memberships] = await Promise.all([
      this.models.User.findAll({ where: { id: ids }, attributes: ['id', 'isAdmin', 'isModerator', 'deactivatedAt', 'suspendedAt'], transaction }),
      groupId
        ? this.models.GroupMembership.findAll({ where: { groupId, userId: ids }, attributes: ['userId', 'role', 'state'], transaction })
        : Promise.resolve([]),
    ]);
    const stateOf = new Map<string, GroupMembershipState>(
      memberships.map((m) => [m.userId, m.state === 'active' ? m.role : m.state]),
    );
    return new Map(
      users.map((user) => {
        const state = groupId ? stateOf.get(user.id) : undefined;
        return [
          user.id,
          viewerContext(
            { kind: 'user', id: user.id, isAdmin: user.isAdmin, isModerator: user.isModerator === true, isActive: user.deactivatedAt === null && !user.suspendedAt },
            groupId && state ? [[groupId, state]] : [],
          ),
        ];
      }),
    );
  }

  /** Of `userIds`, those who may see `post` (deactivated people never do). */
  async whoCanSee(post: VisibilityPost, userIds: readonly string[], transaction: Transaction): Promise<Set<string>> {
    const contexts = await this.viewerContextsFor(userIds, post.groupId ?? null, transaction);
    return new Set([...contexts].filter(([, context]) => canSeePost(context, post)).map(([userId]) => userId));
  }

  private async factsOf(row: PostModel, original: PostModel | null, transaction: Transaction): Promise<VisibilityPost> {
    const ids = original ? [row.id, original.id] : [row.id];
    const groupIds = [row.groupId, original?.groupId].filter((id): id is string => !!id);
    const [mentions, groups] = await Promise.all([
      this.models.PostMention.findAll({ where: { postId: { [Op.in]: ids } }, transaction }),
      groupIds.length > 0
        ? this.models.Group.findAll({ where: { id: groupIds }, attributes: ['id', 'visibility'], transaction })
        : Promise.resolve([]),
    ]);
    const groupVisibility = new Map(groups.map((group) => [group.id, group.visibility]));
    const toFacts = (post: PostModel, repostOf: VisibilityPost | null): VisibilityPost => ({
      id: post.id,
      visibility: post.visibility,
      authorId: post.authorId,
      groupId: post.groupId,
      groupVisibility: post.groupId ? (groupVisibility.get(post.groupId) ?? null) : null,
      mentionedUserIds: mentions.filter((m) => m.postId === post.id).map((m) => m.userId),
      deletedAt: post.deletedAt,
      hiddenAt: post.hiddenAt,
      inReplyToId: post.inReplyToId,
      repostOfId: post.repostOfId,
      repostOf,
    });
    return toFacts(row, original ? toFacts(original, null) : null);
  }
}
