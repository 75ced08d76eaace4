/**
 * Compliance export: every post, direct message, earlier version (edit) and
 * attachment written in a date range, optionally by named people, as one
 * record each, streamed in id order in batches so an export of years of
 * posts never sits in memory. Deleted and hidden posts are included and
 * marked: legal asks for what was written, not what is visible today.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { firstIdAt } from '../../domain/ids.js';
import { toDate } from '../../db/raw-values.js';

export interface ExportRequest {
  from: Date;
  to: Date;
  /** Only posts by these user ids (all people when empty). */
  authorIds: string[];
}

export type ExportRecordType = 'post' | 'message' | 'edit' | 'attachment';

export interface ExportRecord {
  type: ExportRecordType;
  id: string;
  at: string;
  post_id: string;
  author_id: string;
  author: string;
  visibility: string;
  group: string | null;
  participants: string[];
  in_reply_to_id: string | null;
  text: string | null;
  deleted_at: string | null;
  /** Set when a moderator hid the post. */
  hidden_at: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | null;
  storage_key: string | null;
}

const BATCH = 500;
type Raw = Record<string, unknown>;

export class ComplianceExport {
  constructor(private readonly sequelize: Sequelize) {}

  private select(sql: string, replacements: Record<string, unknown>): Promise<Raw[]> {
    return this.sequelize.query<Raw>(sql, { replacements, type: QueryTypes.SELECT });
  }

  /** Every record of the request, post by post (a post, then its edits and attachments). */
  records(request: ExportRequest): AsyncGenerator<ExportRecord> {
    const byAuthor = request.authorIds.length > 0 ? ' AND p.author_id IN (:authorIds)' : '';
    return this.postRecords(request.from, request.to, byAuthor, { authorIds: request.authorIds });
  }

  /**
   * One person's own data (`/settings/export`): what they wrote (deleted ones
   * marked, with earlier versions) and the direct messages they received that
   * are still there, with attachment metadata. Nothing of anyone else: no
   * edits of others' messages, no storage keys.
   */
  async *personalRecords(userId: string): AsyncGenerator<ExportRecord> {
    const involving = ` AND (p.author_id = :me OR (p.visibility = 'direct' AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND (
        EXISTS (SELECT 1 FROM post_mentions pm WHERE pm.post_id = p.id AND pm.user_id = :me)
        OR EXISTS (SELECT 1 FROM conversation_participants cp WHERE cp.conversation_id = p.conversation_id AND cp.user_id = :me))))`;
    for await (const record of this.postRecords(new Date(0), new Date('9999-01-01T00:00:00Z'), involving, { me: userId })) {
      if (record.type === 'edit' && record.author_id !== userId) continue;
      yield { ...record, storage_key: null };
    }
  }

  /** Posts with ids in [from, to) matching `where` (an `AND …` clause over `p`), each followed by its edits and attachments. */
  private async *postRecords(from: Date, to: Date, where: string, params: Record<string, unknown>): AsyncGenerator<ExportRecord> {
    // The first batch starts at the range's first possible id; later ones strictly after the last id seen.
    let cursor = { id: firstIdAt(from), inclusive: true };
    const before = firstIdAt(to);
    for (;;) {
      const posts = await this.select(
        `SELECT p.id, p.author_id, u.username, p.text, p.visibility, g.slug AS group_slug, p.in_reply_to_id,
                p.created_at, p.deleted_at, p.hidden_at, p.repost_of_id
         FROM posts p JOIN users u ON u.id = p.author_id LEFT JOIN groups g ON g.id = p.group_id
         WHERE p.id ${cursor.inclusive ? '>=' : '>'} :after AND p.id < :before${where}
         ORDER BY p.id LIMIT ${BATCH}`,
        { ...params, after: cursor.id, before },
      );
      if (posts.length === 0) return;
      const ids = posts.map((post) => String(post.id));
      const [mentions, edits, attachments] = await Promise.all([
        this.select('SELECT m.post_id, u.username FROM post_mentions m JOIN users u ON u.id = m.user_id WHERE m.post_id IN (:ids)', { ids }),
        this.select('SELECT id, post_id, text, created_at FROM post_edits WHERE post_id IN (:ids) ORDER BY id', { ids }),
        this.select(
          'SELECT id, post_id, file_name, content_type, size_bytes, storage_key, created_at FROM attachments WHERE post_id IN (:ids) ORDER BY id',
          { ids },
        ),
      ]);
      for (const post of posts) {
        const id = String(post.id);
        const base = {
          post_id: id,
          author_id: String(post.author_id),
          author: String(post.username),
          visibility: String(post.visibility),
          group: (post.group_slug as string | null) ?? null,
          participants: mentions.filter((m) => String(m.post_id) === id).map((m) => String(m.username)),
          in_reply_to_id: (post.in_reply_to_id as string | null) ?? null,
          deleted_at: toDate(post.deleted_at)?.toISOString() ?? null,
          hidden_at: toDate(post.hidden_at)?.toISOString() ?? null,
          file_name: null,
          content_type: null,
          size_bytes: null,
          storage_key: null,
        };
        yield {
          ...base,
          type: post.visibility === 'direct' ? 'message' : 'post',
          id,
          at: toDate(post.created_at)!.toISOString(),
          text: post.repost_of_id ? `(repost of ${String(post.repost_of_id)})` : String(post.text),
        };
        for (const edit of edits.filter((e) => String(e.post_id) === id)) {
          yield { ...base, type: 'edit', id: String(edit.id), at: toDate(edit.created_at)!.toISOString(), text: String(edit.text) };
        }
        for (const file of attachments.filter((a) => String(a.post_id) === id)) {
          yield {
            ...base,
            type: 'attachment',
            id: String(file.id),
            at: toDate(file.created_at)!.toISOString(),
            text: null,
            file_name: String(file.file_name),
            content_type: String(file.content_type),
            size_bytes: Number(file.size_bytes),
            storage_key: String(file.storage_key),
          };
        }
      }
      if (posts.length < BATCH) return;
      cursor = { id: ids[ids.length - 1]!, inclusive: false };
    }
  }
}
