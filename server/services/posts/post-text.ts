/**
 * The text rules every write of a post applies: the configured maximum
 * length, emptiness (allowed only when media carries the post), and what the
 * text mentions and tags.
 */
import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { DomainError } from '../../domain/errors.js';
import { parsePostText, validatePostText, type ParsedPostText } from '../../domain/text/index.js';

/** Longest stored hashtag (the post_hashtags.tag column). */
const MAX_TAG_LENGTH = 100;

/** Checks the text (422 on field `status`) and parses it. */
export function checkedPostText(text: string, maxLength: number, options: { hasMedia: boolean }): ParsedPostText {
  if (!(options.hasMedia && text.trim() === '')) {
    const validation = validatePostText(text, maxLength);
    if (!validation.ok) {
      const { error } = validation;
      if (error.code === 'E_POST_EMPTY') throw new DomainError('E_POST_EMPTY', 'Write something first', 422, 'status');
      throw new DomainError('E_POST_TOO_LONG', `The text is too long (${error.length} of at most ${error.maxLength} characters)`, 422, 'status');
    }
  }
  return parsePostText(text);
}

export function storableHashtags(parsed: ParsedPostText): string[] {
  return parsed.hashtags.filter((tag) => tag.length <= MAX_TAG_LENGTH);
}

/**
 * The active people behind the `@names` of a text. Unknown or deactivated
 * names stay plain text: nothing is stored for them and nobody is notified.
 */
export async function mentionedUsers(models: Models, parsed: ParsedPostText, transaction: Transaction): Promise<UserModel[]> {
  if (parsed.mentions.length === 0) return [];
  return models.User.findAll({
    where: { username: { [Op.in]: parsed.mentions }, deactivatedAt: null },
    attributes: ['id', 'username'],
    transaction,
  });
}
