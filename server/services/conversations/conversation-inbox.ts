/**
 * A person's private conversations, read side: the list (newest message
 * first), marking one read, and removing one from their own list. Rows are
 * written by the posts service (a conversation per set of participants, and
 * a participant row per person with its unread flag); this only reads and
 * flips them. Anyone who is not a participant gets 404.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { IdPage } from '../../db/id-page.js';
import type { Models } from '../../db/models/index.js';
import { toBool } from '../../db/raw-values.js';
import { notFound } from '../../domain/errors.js';

export interface ConversationEntry {
  id: string;
  /** Everyone in the conversation, the viewer included. */
  participantIds: string[];
  lastPostId: string;
  unread: boolean;
}

interface Row {
  id: string;
  participants_key: string;
  last_post_id: string;
  unread: unknown;
}

const COLUMNS = `c.id, c.participants_key, c.last_post_id, p.unread
  FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
  WHERE p.user_id = :viewerId AND c.last_post_id IS NOT NULL`;

function toEntry(row: Row): ConversationEntry {
  return {
    id: row.id,
    participantIds: row.participants_key.split(':').filter((id) => id !== ''),
    lastPostId: row.last_post_id,
    unread: toBool(row.unread),
  };
}

export class ConversationInbox {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  /** The viewer's conversations, paged by their last post's id (so new messages move a conversation to the top). */
  async list(viewerId: string, page: IdPage): Promise<ConversationEntry[]> {
    const conditions: string[] = [];
    const replacements: Record<string, string | number> = { viewerId, limit: page.limit };
    if (page.maxId) {
      conditions.push('c.last_post_id < :maxId');
      replacements.maxId = page.maxId;
    }
    const lower = page.minId ?? page.sinceId;
    if (lower) {
      conditions.push('c.last_post_id > :lower');
      replacements.lower = lower;
    }
    const order = page.minId ? 'ASC' : 'DESC';
    const rows = await this.sequelize.query<Row>(
      `SELECT ${COLUMNS}${conditions.map((condition) => ` AND ${condition}`).join('')}
       ORDER BY c.last_post_id ${order} LIMIT :limit`,
      { replacements, type: QueryTypes.SELECT },
    );
    return rows.map(toEntry).sort((a, b) => (a.lastPostId < b.lastPostId ? 1 : a.lastPostId > b.lastPostId ? -1 : 0));
  }

  /** One of the viewer's conversations; 404 when they do not take part (or removed it from their list). */
  async get(viewerId: string, conversationId: string): Promise<ConversationEntry> {
    const rows = await this.sequelize.query<Row>(`SELECT ${COLUMNS} AND c.id = :conversationId`, {
      replacements: { viewerId, conversationId },
      type: QueryTypes.SELECT,
    });
    const row = rows[0];
    if (!row) throw notFound('Conversation');
    return toEntry(row);
  }

  async markRead(viewerId: string, conversationId: string): Promise<ConversationEntry> {
    const entry = await this.get(viewerId, conversationId);
    await this.models.ConversationParticipant.update({ unread: false }, { where: { conversationId, userId: viewerId } });
    return { ...entry, unread: false };
  }

  /**
   * Removes the conversation from the viewer's list only: the others keep it,
   * and the posts stay. A new message brings it back (the posts service
   * recreates the participant row), as in Mastodon.
   */
  async remove(viewerId: string, conversationId: string): Promise<void> {
    await this.get(viewerId, conversationId);
    await this.models.ConversationParticipant.destroy({ where: { conversationId, userId: viewerId } });
  }
}
