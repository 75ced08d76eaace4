/**
 * A post's thread (GET /api/v1/statuses/:id/context): the chain of posts it
 * answers, oldest first, and every answer below it in reading order (depth
 * first, oldest branch first). Each entry is judged on its own by the
 * presenter, so a private-group answer inside a public thread, a deleted
 * reply or a direct aside is simply absent for those who may not see it.
 */
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { ApiStatus } from '../../serializers/status.js';
import type { StatusPresenter } from './status-presenter.js';

/** Threads larger than this are cut (the newest entries are the ones dropped). */
const MAX_THREAD_ENTRIES = 4096;

export interface StatusContext {
  ancestors: ApiStatus[];
  descendants: ApiStatus[];
}

export class PostThreadService {
  constructor(
    private readonly models: Models,
    private readonly statuses: StatusPresenter,
  ) {}

  /** null when the viewer may not see the post itself (the route answers 404). */
  async context(postId: string, viewer: ViewerContext, baseUrl: string): Promise<StatusContext | null> {
    if ((await this.statuses.visibleIds([postId], viewer)).length === 0) return null;
    const post = await this.models.Post.findByPk(postId, { attributes: ['id', 'threadRootId', 'repostOfId'] });
    if (!post || post.repostOfId) return { ancestors: [], descendants: [] };
    const rootId = post.threadRootId ?? post.id;
    const entries = await this.models.Post.findAll({
      where: { [Op.or]: [{ threadRootId: rootId }, { id: rootId }] },
      attributes: ['id', 'inReplyToId'],
      order: [['id', 'ASC']],
      limit: MAX_THREAD_ENTRIES,
    });
    const parentOf = new Map(entries.map((entry) => [entry.id, entry.inReplyToId]));
    const childrenOf = new Map<string, string[]>();
    for (const entry of entries) {
      if (!entry.inReplyToId) continue;
      childrenOf.set(entry.inReplyToId, [...(childrenOf.get(entry.inReplyToId) ?? []), entry.id]);
    }
    const ancestors: string[] = [];
    const seen = new Set([postId]);
    for (let id = parentOf.get(postId); id && !seen.has(id); id = parentOf.get(id)) {
      seen.add(id);
      ancestors.unshift(id);
    }
    const descendants: string[] = [];
    const stack = [...(childrenOf.get(postId) ?? [])].reverse();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      descendants.push(id);
      stack.push(...[...(childrenOf.get(id) ?? [])].reverse());
    }
    const [shownAncestors, shownDescendants] = await Promise.all([
      this.statuses.present(ancestors, viewer, baseUrl),
      this.statuses.present(descendants, viewer, baseUrl),
    ]);
    return { ancestors: shownAncestors, descendants: shownDescendants };
  }
}
