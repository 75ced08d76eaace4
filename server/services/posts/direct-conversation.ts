/**
 * Groups direct posts into conversations: one conversation per set of
 * participants (found by its sorted-ids key, created on first message), with
 * every participant but the author marked unread.
 */
import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { newId } from '../../domain/ids.js';

export function participantsKey(userIds: Iterable<string>): string {
  return [...new Set(userIds)].sort().join(':');
}

/** Finds or creates the conversation of `participantIds` (author included) and records `postId` as its latest post. */
export async function recordDirectPost(
  models: Models,
  input: { authorId: string; participantIds: readonly string[]; postId: string },
  transaction: Transaction,
): Promise<string> {
  const everyone = [...new Set([input.authorId, ...input.participantIds])];
  const key = participantsKey(everyone);
  // ON CONFLICT DO NOTHING: two first messages at once must not abort either transaction.
  await models.Conversation.bulkCreate([{ id: newId(), participantsKey: key, lastPostId: null }], {
    ignoreDuplicates: true,
    transaction,
  });
  const conversation = await models.Conversation.findOne({ where: { participantsKey: key }, transaction });
  if (!conversation) throw new Error(`conversation ${key} vanished inside its transaction`);
  await models.ConversationParticipant.bulkCreate(
    everyone.map((userId) => ({ conversationId: conversation.id, userId, unread: false })),
    { ignoreDuplicates: true, transaction },
  );
  await models.ConversationParticipant.update(
    { unread: true },
    { where: { conversationId: conversation.id, userId: everyone.filter((id) => id !== input.authorId) }, transaction },
  );
  await models.ConversationParticipant.update(
    { unread: false },
    { where: { conversationId: conversation.id, userId: input.authorId }, transaction },
  );
  await models.Conversation.update({ lastPostId: input.postId }, { where: { id: conversation.id }, transaction });
  return conversation.id;
}
