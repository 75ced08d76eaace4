/**
 * Turns post ids into Mastodon Status objects for one viewer: loads a page of
 * posts and everything shown with them in a fixed number of batch queries,
 * and drops every post the viewer may not see (the visibility rules of
 * server/domain/visibility decide; nothing else does). Every route that shows
 * posts — timelines, threads, notifications, search — goes through here.
 */
import type { UserModel } from '../../db/models/user.js';
import type { GroupBrief, PostReads, PostRow } from '../../db/repositories/post-read-repository.js';
import type { ViewerReadRepository } from '../../db/repositories/viewer-read-repository.js';
import { canSeePost, type Post as VisibilityPost, type ViewerContext } from '../../domain/visibility/index.js';
import { toApiStatus, type ApiStatus } from '../../serializers/status.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';

export type PresentAccount = (user: UserModel, baseUrl: string) => object;

interface Loaded {
  rows: Map<string, PostRow>;
  groups: Map<string, GroupBrief>;
  mentions: Map<string, string[]>;
  hashtags: Map<string, string[]>;
  /** Authors and mentioned people: whether an author is suspended decides visibility. */
  users: Map<string, UserModel>;
}

export class StatusPresenter {
  constructor(
    /** The repository, or the read cache in front of it (server/db/cache/). */
    private readonly posts: PostReads,
    /** Authors and mentioned people, read on the hot-read connections like the posts. */
    private readonly users: Pick<ViewerReadRepository, 'usersByIds'>,
    private readonly presentAccount: PresentAccount,
    /** post.render: plugin links and notes, as data the serializer escapes. */
    private readonly hooks?: PluginHookCalls,
  ) {}

  /** The ids among `ids` that `viewer` may see (order kept). Used by routes that must answer 404. */
  async visibleIds(ids: readonly string[], viewer: ViewerContext): Promise<string[]> {
    const loaded = await this.load(ids);
    return ids.filter((id) => this.isVisible(id, loaded, viewer));
  }

  async presentOne(id: string, viewer: ViewerContext, baseUrl: string): Promise<ApiStatus | null> {
    return (await this.present([id], viewer, baseUrl))[0] ?? null;
  }

  /** Statuses for `ids` in the same order, without the ones the viewer may not see. */
  async present(ids: readonly string[], viewer: ViewerContext, baseUrl: string): Promise<ApiStatus[]> {
    const loaded = await this.load(ids);
    const visible = ids.filter((id) => this.isVisible(id, loaded, viewer));
    if (visible.length === 0) return [];
    const shown = new Set<string>();
    for (const id of visible) {
      shown.add(id);
      const original = loaded.rows.get(id)?.repostOfId;
      if (original) shown.add(original);
    }
    const shownIds = [...shown];
    const viewerId = viewer.viewer.kind === 'user' ? viewer.viewer.id : undefined;
    const [attachments, flags] = await Promise.all([
      this.posts.attachmentsByPost(shownIds),
      viewerId ? this.posts.viewerFlags(viewerId, shownIds) : Promise.resolve(undefined),
    ]);
    const usersById = loaded.users;
    const accounts = new Map<string, object>();
    const accountOf = (userId: string) => {
      let account = accounts.get(userId);
      const user = usersById.get(userId);
      if (!account && user) {
        account = this.presentAccount(user, baseUrl);
        accounts.set(userId, account);
      }
      return account ?? { id: userId };
    };
    const statusOf = (id: string, reblog: ApiStatus | null): ApiStatus | null => {
      const post = loaded.rows.get(id);
      if (!post) return null;
      return toApiStatus({
        post,
        account: accountOf(post.authorId),
        mentions: (loaded.mentions.get(id) ?? [])
          .map((userId) => usersById.get(userId))
          .filter((user): user is UserModel => user !== undefined)
          .map((user) => ({ id: user.id, username: user.username })),
        hashtags: loaded.hashtags.get(id) ?? [],
        group: post.groupId ? (loaded.groups.get(post.groupId) ?? null) : null,
        attachments: attachments.get(id) ?? [],
        viewer: {
          liked: flags?.liked.has(id) ?? false,
          bookmarked: flags?.bookmarked.has(id) ?? false,
          reposted: flags?.reposted.has(id) ?? false,
        },
        reblog,
        baseUrl,
        additions: reblog || !this.hooks ? null : this.hooks.render({
          id: post.id,
          authorId: post.authorId,
          text: post.text,
          groupId: post.groupId,
          hashtags: loaded.hashtags.get(id) ?? [],
        }),
      });
    };
    return visible
      .map((id) => {
        const original = loaded.rows.get(id)?.repostOfId;
        return statusOf(id, original ? statusOf(original, null) : null);
      })
      .filter((status): status is ApiStatus => status !== null);
  }

  private async load(ids: readonly string[]): Promise<Loaded> {
    const rows = await this.posts.postsByIds(ids);
    const originals = [...rows.values()].map((row) => row.repostOfId).filter((id): id is string => !!id && !rows.has(id));
    for (const [id, row] of await this.posts.postsByIds(originals)) rows.set(id, row);
    const allIds = [...rows.keys()];
    const groupIds = [...rows.values()].map((row) => row.groupId).filter((id): id is string => id !== null);
    const [groups, { mentions, hashtags }] = await Promise.all([
      this.posts.groupsByIds(groupIds),
      this.posts.mentionsAndHashtags(allIds),
    ]);
    const userIds = new Set([...rows.values()].map((row) => row.authorId));
    for (const mentioned of mentions.values()) for (const userId of mentioned) userIds.add(userId);
    const users = new Map((await this.users.usersByIds([...userIds])).map((user) => [user.id, user]));
    return { rows, groups, mentions, hashtags, users };
  }

  private toVisibilityPost(id: string, loaded: Loaded, depth = 0): VisibilityPost | null {
    const row = loaded.rows.get(id);
    if (!row) return null;
    return {
      id: row.id,
      visibility: row.visibility,
      authorId: row.authorId,
      groupId: row.groupId,
      groupVisibility: row.groupId ? (loaded.groups.get(row.groupId)?.visibility ?? null) : null,
      mentionedUserIds: loaded.mentions.get(id) ?? [],
      hashtags: loaded.hashtags.get(id) ?? [],
      deletedAt: row.deletedAt,
      hiddenAt: row.hiddenAt,
      authorSuspended: Boolean(loaded.users.get(row.authorId)?.suspendedAt),
      inReplyToId: row.inReplyToId,
      repostOfId: row.repostOfId,
      repostOf: row.repostOfId && depth === 0 ? this.toVisibilityPost(row.repostOfId, loaded, depth + 1) : null,
    };
  }

  private isVisible(id: string, loaded: Loaded, viewer: ViewerContext): boolean {
    const post = this.toVisibilityPost(id, loaded);
    return post !== null && canSeePost(viewer, post);
  }
}
