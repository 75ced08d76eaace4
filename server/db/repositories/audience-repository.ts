/**
 * Who a live event is for: the followers of an author, the followers of
 * some hashtags, the members of a group, the conversation rows a direct
 * message updated. Narrow reads for the realtime fan-out, which asks once
 * per event (never once per socket).
 *
 * Raw SELECTs through ReadQueries, not Sequelize models: on SQLite they run
 * on the read connections instead of queueing on Sequelize's one shared
 * connection, and skip the `PRAGMA table_info` Sequelize's SQLite dialect
 * issues before every model query. The follower and hashtag reads are
 * answered from covering indexes (migration 0017).
 */
import type { ReadQueries } from '../read-queries.js';

export interface ConversationRow {
  id: string;
  userId: string;
  participantIds: string[];
  unread: boolean;
}

export class AudienceRepository {
  constructor(private readonly reads: ReadQueries) {}

  private async column(sql: string, replacements: Record<string, unknown>): Promise<string[]> {
    const rows = await this.reads.select<{ value: unknown }>(sql, replacements);
    return rows.map((row) => String(row.value));
  }

  followersOf(userId: string): Promise<string[]> {
    return this.column('SELECT follower_id AS value FROM follows WHERE followee_id = :userId', { userId });
  }

  async hashtagFollowers(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    return this.column('SELECT user_id AS value FROM hashtag_follows WHERE tag IN (:tags)', { tags: [...tags] });
  }

  /** Full members (owner, admin, member) of a group: the people who may read a private group. */
  activeMembers(groupId: string): Promise<string[]> {
    return this.column(`SELECT user_id AS value FROM group_memberships WHERE group_id = :groupId AND state = 'active'`, { groupId });
  }

  async threadRootOf(postId: string): Promise<string | null> {
    const rows = await this.reads.select<{ id: unknown; thread_root_id: unknown }>(
      'SELECT id, thread_root_id FROM posts WHERE id = :postId',
      { postId },
    );
    const row = rows[0];
    if (!row) return null;
    return row.thread_root_id === null ? String(row.id) : String(row.thread_root_id);
  }

  /** Each participant's row of the conversation whose newest message is `postId`. */
  async conversationsEndingWith(postId: string): Promise<ConversationRow[]> {
    const conversations = await this.reads.select<{ id: unknown; participants_key: unknown }>(
      'SELECT id, participants_key FROM conversations WHERE last_post_id = :postId',
      { postId },
    );
    const conversation = conversations[0];
    if (!conversation) return [];
    const id = String(conversation.id);
    const participants = await this.reads.select<{ user_id: unknown; unread: unknown }>(
      'SELECT user_id, unread FROM conversation_participants WHERE conversation_id = :id',
      { id },
    );
    const participantIds = String(conversation.participants_key).split(':').filter((participant) => participant !== '');
    return participants.map((row) => ({ id, userId: String(row.user_id), participantIds, unread: Boolean(row.unread) }));
  }
}
