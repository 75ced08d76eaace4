/**
 * Editing a post: only its author, only its words (and language). The
 * version being replaced is kept in post_edits with the time it was
 * published, so the history shows every version. Mentions and hashtags
 * follow the new text, except that a direct message keeps its participants:
 * an edit must neither pull a colleague out of a conversation nor let a new
 * one read what was said before.
 */
import type { Transaction } from 'sequelize';
import { forbidden } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { WrittenNotification } from '../notifications/notification-writer.js';
import { actingUser, statusNotFound, type LoadedPost } from './post-access.js';
import { checkedLanguage } from './post-create.js';
import { checkedPostText, mentionedUsers, storableHashtags } from './post-text.js';
import type { ParsedPostText } from '../../domain/text/index.js';
import type { PostWriteDeps } from './post-write-deps.js';

export interface PostChange {
  text: string;
  /** undefined: keep the current language. */
  language?: string | null;
}

export interface PostEditDeps extends Omit<PostWriteDeps, 'counters'> {
  maxLength: () => number;
}

export class PostEditService {
  constructor(private readonly deps: PostEditDeps) {}

  async edit(actor: ViewerContext, postId: string, change: PostChange): Promise<void> {
    const editor = actingUser(actor);
    // post.validate sees edits too, so a check cannot be bypassed by editing; it runs before the transaction.
    if (this.deps.hooks) change = { ...change, text: (await this.deps.hooks.draft(editor.id, { text: change.text }, 'edit', postId)).text };
    const language = change.language === undefined ? undefined : checkedLanguage(change.language);
    const { models } = this.deps;
    await this.deps.sequelize.transaction(async (transaction) => {
      const loaded = await this.deps.access.loadVisible(postId, actor, transaction, { lock: true });
      const { row } = loaded;
      // A repost has no words of its own to edit.
      if (row.repostOfId) throw statusNotFound();
      if (row.authorId !== editor.id) throw forbidden('Only the author can edit a post');
      const hasMedia = (await models.Attachment.count({ where: { postId: row.id }, transaction })) > 0;
      const parsed = checkedPostText(change.text, this.deps.maxLength(), { hasMedia });
      const nextLanguage = language === undefined ? row.language : language;
      if (change.text === row.text && nextLanguage === row.language) return;

      await models.PostEdit.bulkCreate(
        [{ id: newId(), postId: row.id, text: row.text, createdAt: row.editedAt ?? row.createdAt }],
        { transaction },
      );
      await row.update({ text: change.text, language: nextLanguage, editedAt: new Date() }, { transaction });
      await models.PostHashtag.destroy({ where: { postId: row.id }, transaction });
      await models.PostHashtag.bulkCreate(storableHashtags(parsed).map((tag) => ({ postId: row.id, tag })), { transaction });
      const written = row.visibility === 'direct' ? [] : await this.updateMentions(loaded, parsed, transaction);
      await this.deps.events.record(transaction, 'post.edited', { postId, authorId: editor.id });
      await this.deps.events.recordEach(transaction, 'notification.created', written);
    });
  }

  /** Mentions follow the text; people newly mentioned (who can see the post) are notified. */
  private async updateMentions(loaded: LoadedPost, parsed: ParsedPostText, transaction: Transaction): Promise<WrittenNotification[]> {
    const { models } = this.deps;
    const { row, facts } = loaded;
    const next = (await mentionedUsers(models, parsed, transaction)).map((user) => user.id).filter((id) => id !== row.authorId);
    const before = new Set(facts.mentionedUserIds);
    const removed = facts.mentionedUserIds.filter((id) => !next.includes(id));
    const added = next.filter((id) => !before.has(id));
    if (removed.length > 0) await models.PostMention.destroy({ where: { postId: row.id, userId: removed }, transaction });
    await models.PostMention.bulkCreate(added.map((userId) => ({ postId: row.id, userId })), { transaction });
    const allowed = await this.deps.access.whoCanSee({ ...facts, mentionedUserIds: next }, added, transaction);
    return this.deps.notifications.write(
      added
        .filter((id) => allowed.has(id))
        .map((userId) => ({ recipientId: userId, type: 'mention', actorId: row.authorId, postId: row.id, direct: facts.visibility === 'direct' })),
      transaction,
    );
  }
}
