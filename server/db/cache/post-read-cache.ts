/**
 * The post reads of the StatusPresenter with a cache in front: post rows,
 * their mentions and hashtags, their attachments and group briefs, kept
 * per node and shared by every viewer. Nothing in them depends on who reads:
 * the viewer's likes, bookmarks and reposts (`viewerFlags`) and every
 * visibility decision are made per request, from these records, uncached.
 *
 * Counts (likes, replies, reposts) stay in the cached row: every change of
 * them already publishes `post.countsChanged`, which drops the row, so a
 * liked post is read again once instead of counts being read for every page.
 *
 * Kept fresh by read-cache-invalidation.ts (events, across nodes through Redis).
 */
import type { AttachmentRow, GroupBrief, PostReadRepository, PostReads, PostRow, ViewerFlags } from '../repositories/post-read-repository.js';
import { RecordCache, type CacheLookupListener, type RecordCacheOptions } from './record-cache.js';
import type { InvalidatedCache, StaleRecords } from './stale-records.js';

interface Tags {
  mentions: string[];
  hashtags: string[];
}

interface Attachments {
  list: AttachmentRow[];
}

export class CachedPostReads implements PostReads, InvalidatedCache {
  private readonly rows: RecordCache<PostRow>;
  private readonly tags: RecordCache<Tags>;
  private readonly attachments: RecordCache<Attachments>;
  private readonly groups: RecordCache<GroupBrief>;

  constructor(
    private readonly source: PostReadRepository,
    options: RecordCacheOptions,
    onLookup?: CacheLookupListener,
  ) {
    this.rows = new RecordCache('posts', options, onLookup);
    this.tags = new RecordCache('post_tags', options, onLookup);
    this.attachments = new RecordCache('attachments', options, onLookup);
    // Groups are few; the same bound keeps every one of them.
    this.groups = new RecordCache('groups', options, onLookup);
  }

  postsByIds(ids: readonly string[]): Promise<Map<string, PostRow>> {
    return this.rows.getMany(ids, async (missing) => {
      const loaded = await this.source.postsByIds(missing);
      for (const row of loaded.values()) Object.freeze(row);
      return loaded;
    });
  }

  groupsByIds(ids: readonly string[]): Promise<Map<string, GroupBrief>> {
    return this.groups.getMany(ids, (missing) => this.source.groupsByIds(missing));
  }

  /** Callers pass ids of posts that exist (read just before), so a post without attachments is remembered as such. */
  async attachmentsByPost(postIds: readonly string[]): Promise<Map<string, AttachmentRow[]>> {
    const cached = await this.attachments.getMany(postIds, async (missing) => {
      const loaded = await this.source.attachmentsByPost(missing);
      return new Map(missing.map((id) => [id, { list: loaded.get(id) ?? [] }]));
    });
    return new Map([...cached].filter(([, value]) => value.list.length > 0).map(([id, value]) => [id, value.list]));
  }

  /** Per viewer: never cached. */
  viewerFlags(viewerId: string, postIds: readonly string[]): Promise<ViewerFlags> {
    return this.source.viewerFlags(viewerId, postIds);
  }

  /** Like attachments: ids of existing posts, and a post without mentions or hashtags is remembered as such. */
  async mentionsAndHashtags(postIds: readonly string[]): Promise<{ mentions: Map<string, string[]>; hashtags: Map<string, string[]> }> {
    const cached = await this.tags.getMany(postIds, async (missing) => {
      const loaded = await this.source.mentionsAndHashtags(missing);
      return new Map(missing.map((id) => [id, { mentions: loaded.mentions.get(id) ?? [], hashtags: loaded.hashtags.get(id) ?? [] }]));
    });
    const mentions = new Map<string, string[]>();
    const hashtags = new Map<string, string[]>();
    for (const [id, value] of cached) {
      if (value.mentions.length > 0) mentions.set(id, value.mentions);
      if (value.hashtags.length > 0) hashtags.set(id, value.hashtags);
    }
    return { mentions, hashtags };
  }

  /** Everything kept about the stale posts (an edit, a delete, a hide, new counts, changed attachments) and groups. */
  drop(stale: StaleRecords): void {
    for (const cache of [this.rows, this.tags, this.attachments]) cache.invalidate(stale.posts);
    this.groups.invalidate(stale.groups);
  }

  dropKind(kind: keyof StaleRecords): void {
    if (kind === 'posts') for (const cache of [this.rows, this.tags, this.attachments]) cache.clear();
    if (kind === 'groups') this.groups.clear();
  }

  clear(): void {
    for (const cache of [this.rows, this.tags, this.attachments, this.groups]) cache.clear();
  }
}
