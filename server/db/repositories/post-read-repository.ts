/**
 * Batch reads of posts and everything a post is shown with, in a handful of
 * indexed queries per page (never one query per post): the hot path of every
 * timeline, thread and notification list.
 */
import type { PostVisibility } from '../models/post.js';
import type { ReadQueries } from '../read-queries.js';
import { toDate, toInt } from '../raw-values.js';

export interface PostRow {
  id: string;
  authorId: string;
  text: string;
  visibility: PostVisibility;
  groupId: string | null;
  inReplyToId: string | null;
  inReplyToAuthorId: string | null;
  repostOfId: string | null;
  conversationId: string | null;
  language: string | null;
  repliesCount: number;
  repostsCount: number;
  likesCount: number;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
}

export interface GroupBrief {
  id: string;
  slug: string;
  name: string;
  visibility: 'public' | 'private';
}

export interface AttachmentRow {
  id: string;
  postId: string;
  kind: 'image' | 'file';
  contentType: string;
  fileName: string;
  sizeBytes: number;
  previewKey: string | null;
  width: number | null;
  height: number | null;
  description: string | null;
}

export interface ViewerFlags {
  liked: Set<string>;
  bookmarked: Set<string>;
  reposted: Set<string>;
}

type Raw = Record<string, unknown>;

const POST_COLUMNS = `id, author_id, text, visibility, group_id, in_reply_to_id, in_reply_to_author_id, repost_of_id,
  conversation_id, language, replies_count, reposts_count, likes_count, created_at, edited_at, deleted_at, hidden_at`;

function toPostRow(row: Raw): PostRow {
  return {
    id: String(row.id),
    authorId: String(row.author_id),
    text: String(row.text),
    visibility: row.visibility as PostVisibility,
    groupId: (row.group_id as string | null) ?? null,
    inReplyToId: (row.in_reply_to_id as string | null) ?? null,
    inReplyToAuthorId: (row.in_reply_to_author_id as string | null) ?? null,
    repostOfId: (row.repost_of_id as string | null) ?? null,
    conversationId: (row.conversation_id as string | null) ?? null,
    language: (row.language as string | null) ?? null,
    repliesCount: toInt(row.replies_count),
    repostsCount: toInt(row.reposts_count),
    likesCount: toInt(row.likes_count),
    createdAt: toDate(row.created_at) ?? new Date(0),
    editedAt: toDate(row.edited_at),
    deletedAt: toDate(row.deleted_at),
    hiddenAt: toDate(row.hidden_at),
  };
}

export class PostReadRepository {
  constructor(private readonly reads: ReadQueries) {}

  private select(sql: string, replacements: Record<string, unknown>): Promise<Raw[]> {
    return this.reads.select<Raw>(sql, replacements);
  }

  async postsByIds(ids: readonly string[]): Promise<Map<string, PostRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.select(`SELECT ${POST_COLUMNS} FROM posts WHERE id IN (:ids)`, { ids: [...new Set(ids)] });
    return new Map(rows.map((row) => [String(row.id), toPostRow(row)]));
  }

  async groupsByIds(ids: readonly string[]): Promise<Map<string, GroupBrief>> {
    if (ids.length === 0) return new Map();
    const rows = await this.select('SELECT id, slug, name, visibility FROM groups WHERE id IN (:ids)', { ids: [...new Set(ids)] });
    return new Map(
      rows.map((row) => [
        String(row.id),
        { id: String(row.id), slug: String(row.slug), name: String(row.name), visibility: row.visibility as GroupBrief['visibility'] },
      ]),
    );
  }

  async attachmentsByPost(postIds: readonly string[]): Promise<Map<string, AttachmentRow[]>> {
    const result = new Map<string, AttachmentRow[]>();
    if (postIds.length === 0) return result;
    const rows = await this.select(
      `SELECT id, post_id, kind, content_type, file_name, size_bytes, preview_key, width, height, description
       FROM attachments WHERE post_id IN (:ids) ORDER BY id`,
      { ids: [...new Set(postIds)] },
    );
    for (const row of rows) {
      const attachment: AttachmentRow = {
        id: String(row.id),
        postId: String(row.post_id),
        kind: row.kind as AttachmentRow['kind'],
        contentType: String(row.content_type),
        fileName: String(row.file_name),
        sizeBytes: toInt(row.size_bytes),
        previewKey: (row.preview_key as string | null) ?? null,
        width: row.width === null ? null : toInt(row.width),
        height: row.height === null ? null : toInt(row.height),
        description: (row.description as string | null) ?? null,
      };
      result.set(attachment.postId, [...(result.get(attachment.postId) ?? []), attachment]);
    }
    return result;
  }

  /** Which of these posts the viewer liked, bookmarked or reposted: one query for the three. */
  async viewerFlags(viewerId: string, postIds: readonly string[]): Promise<ViewerFlags> {
    const flags: ViewerFlags = { liked: new Set(), bookmarked: new Set(), reposted: new Set() };
    if (postIds.length === 0) return flags;
    const rows = await this.select(
      `SELECT 'liked' AS kind, post_id FROM likes WHERE user_id = :viewerId AND post_id IN (:ids)
       UNION ALL SELECT 'bookmarked', post_id FROM bookmarks WHERE user_id = :viewerId AND post_id IN (:ids)
       UNION ALL SELECT 'reposted', repost_of_id FROM posts WHERE author_id = :viewerId AND repost_of_id IN (:ids)`,
      { viewerId, ids: [...new Set(postIds)] },
    );
    for (const row of rows) flags[row.kind as keyof ViewerFlags].add(String(row.post_id));
    return flags;
  }

  /** Mentioned user ids and hashtags of each post, in one query. */
  async mentionsAndHashtags(postIds: readonly string[]): Promise<{ mentions: Map<string, string[]>; hashtags: Map<string, string[]> }> {
    const mentions = new Map<string, string[]>();
    const hashtags = new Map<string, string[]>();
    if (postIds.length === 0) return { mentions, hashtags };
    const rows = await this.select(
      `SELECT 'm' AS kind, post_id, user_id AS value FROM post_mentions WHERE post_id IN (:ids)
       UNION ALL SELECT 'h', post_id, tag FROM post_hashtags WHERE post_id IN (:ids)`,
      { ids: [...new Set(postIds)] },
    );
    for (const row of rows) {
      const target = row.kind === 'm' ? mentions : hashtags;
      const postId = String(row.post_id);
      target.set(postId, [...(target.get(postId) ?? []), String(row.value)]);
    }
    return { mentions, hashtags };
  }
}

/** What the StatusPresenter reads of posts; the cache layer (server/db/cache/post-read-cache.ts) implements the same. */
export type PostReads = Pick<PostReadRepository, 'postsByIds' | 'groupsByIds' | 'attachmentsByPost' | 'viewerFlags' | 'mentionsAndHashtags'>;

