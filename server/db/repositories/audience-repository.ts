/**
 * Who a live event is for: the followers of an author, the followers of
 * some hashtags, the members of a group, the conversation rows a direct
 * message updated. Narrow reads for the realtime fan-out, which asks once
 * per event (never once per socket).
 */
import { Op } from 'sequelize';
import type { Models } from '../models/index.js';

export interface ConversationRow {
  id: string;
  userId: string;
  participantIds: string[];
  unread: boolean;
}

export class AudienceRepository {
  constructor(private readonly models: Models) {}

  async followersOf(userId: string): Promise<string[]> {
    const rows = await this.models.Follow.findAll({ where: { followeeId: userId }, attributes: ['followerId'], raw: true });
    return rows.map((row) => row.followerId);
  }

  async hashtagFollowers(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const rows = await this.models.HashtagFollow.findAll({ where: { tag: { [Op.in]: [...tags] } }, attributes: ['userId'], raw: true });
    return rows.map((row) => row.userId);
  }

  /** Full members (owner, admin, member) of a group: the people who may read a private group. */
  async activeMembers(groupId: string): Promise<string[]> {
    const rows = await this.models.GroupMembership.findAll({ where: { groupId, state: 'active' }, attributes: ['userId'], raw: true });
    return rows.map((row) => row.userId);
  }

  async threadRootOf(postId: string): Promise<string | null> {
    const row = await this.models.Post.findByPk(postId, { attributes: ['id', 'threadRootId'], raw: true });
    return row ? (row.threadRootId ?? row.id) : null;
  }

  /** Each participant's row of the conversation whose newest message is `postId`. */
  async conversationsEndingWith(postId: string): Promise<ConversationRow[]> {
    const conversations = await this.models.Conversation.findAll({ where: { lastPostId: postId }, raw: true });
    const conversation = conversations[0];
    if (!conversation) return [];
    const participants = await this.models.ConversationParticipant.findAll({ where: { conversationId: conversation.id }, raw: true });
    const participantIds = conversation.participantsKey.split(':').filter((id) => id !== '');
    return participants.map((row) => ({ id: conversation.id, userId: row.userId, participantIds, unread: Boolean(row.unread) }));
  }
}
