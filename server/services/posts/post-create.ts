/**
 * Publishing a post: decides who it is addressed to (company, a group, or
 * the people of a direct conversation — replies keep their parent's
 * audience), then stores the post, its mentions, hashtags, attachments,
 * thread links, conversation, counters and notifications in one transaction,
 * and tells the rest of Warble only after it commits.
 */
import { Op, type Transaction } from 'sequelize';
import type { PostModel, PostVisibility } from '../../db/models/post.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { isId, newId } from '../../domain/ids.js';
import { canPostToGroup, canReadGroupPosts, canSeeGroup, type Post as VisibilityPost, type ViewerContext } from '../../domain/visibility/index.js';
import type { NotificationDraft, WrittenNotification } from '../notifications/notification-writer.js';
import { recordDirectPost } from './direct-conversation.js';
import { actingUser, type LoadedPost } from './post-access.js';
import { checkedPostText, mentionedUsers, storableHashtags } from './post-text.js';
import type { PostWriteDeps } from './post-write-deps.js';

/** Mastodon's visibilities as clients send them; `private` means "members of `groupId`" in Warble. */
export const REQUESTED_VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type RequestedVisibility = (typeof REQUESTED_VISIBILITIES)[number];

export const MAX_ATTACHMENTS = 4;

export interface PostDraft {
  text: string;
  inReplyToId?: string | null;
  visibility?: string | null;
  groupId?: string | null;
  mediaIds?: readonly string[];
  language?: string | null;
}

interface Addressing {
  visibility: PostVisibility;
  groupId: string | null;
  groupVisibility: 'public' | 'private' | null;
  /** Direct posts: the other participants inherited from the parent. */
  inheritedParticipants: string[];
}

const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$/;

export function checkedLanguage(language: string | null | undefined): string | null {
  if (language === undefined || language === null || language === '') return null;
  if (!LANGUAGE_PATTERN.test(language)) throw validationError('language', 'language must be an ISO 639 code such as en or fr');
  return language;
}

export interface PostCreateDeps extends PostWriteDeps {
  maxLength: () => number;
}

export interface PostCreateOptions {
  /**
   * The person who really writes, when the actor is an official account
   * (services/official-accounts); stored on the post as `publishedById`. The
   * account's access decides where it may post, but the publisher must also
   * see the post answered and read the group posted to: otherwise the account
   * would let them write into, or probe for, a conversation they cannot read.
   */
  publisher?: ViewerContext;
}

export class PostCreateService {
  constructor(private readonly deps: PostCreateDeps) {}

  /**
   * Publishes the draft as `actor`; returns the new post's id. With
   * `options.publisher` (posting as an official account) that person is
   * recorded as the real writer and held to their own access too.
   */
  async create(actor: ViewerContext, input: PostDraft, options: PostCreateOptions = {}): Promise<string> {
    const author = actingUser(actor);
    const publisher = options.publisher ?? null;
    const publishedById = publisher ? actingUser(publisher).id : null;
    // Plugin filters may change or reject the draft; they run before anything is stored.
    const draft = this.deps.hooks ? await this.deps.hooks.draft(author.id, input, 'create', null) : input;
    const mediaIds = checkedMediaIds(draft.mediaIds ?? []);
    const parsed = checkedPostText(draft.text, this.deps.maxLength(), { hasMedia: mediaIds.length > 0 });
    const language = checkedLanguage(draft.language);
    const requested = checkedVisibility(draft.visibility);
    if (draft.inReplyToId && !isId(draft.inReplyToId)) throw new DomainError('E_NOT_FOUND', 'Status not found', 404, 'in_reply_to_id');

    const { models } = this.deps;
    const result = await this.deps.sequelize.transaction(async (transaction) => {
      const parent = draft.inReplyToId ? await this.parentOf(draft.inReplyToId, actor, publisher, transaction) : null;
      const addressing = await this.addressing(actor, publisher, requested, draft.groupId ?? null, parent, transaction);
      const mentioned = (await mentionedUsers(models, parsed, transaction)).map((user) => user.id).filter((id) => id !== author.id);
      const recipients =
        addressing.visibility === 'direct' ? unique([...addressing.inheritedParticipants, ...mentioned]).filter((id) => id !== author.id) : mentioned;
      if (addressing.visibility === 'direct' && recipients.length === 0) {
        throw validationError('status', 'Mention at least one person to send a direct message');
      }

      const now = new Date();
      const post = await models.Post.create(
        {
          id: newId(now.getTime()),
          authorId: author.id,
          text: draft.text,
          visibility: addressing.visibility,
          groupId: addressing.groupId,
          inReplyToId: parent?.row.id ?? null,
          inReplyToAuthorId: parent?.row.authorId ?? null,
          threadRootId: parent ? (parent.row.threadRootId ?? parent.row.id) : null,
          repostOfId: null,
          conversationId: null,
          language,
          publishedById,
          createdAt: now,
          updatedAt: now,
        },
        { transaction },
      );
      await models.PostMention.bulkCreate(recipients.map((userId) => ({ postId: post.id, userId })), { transaction });
      await models.PostHashtag.bulkCreate(storableHashtags(parsed).map((tag) => ({ postId: post.id, tag })), { transaction });
      // A publisher posting as an official account attaches their own uploads too.
      const uploaders = publishedById ? [author.id, publishedById] : [author.id];
      await this.attachMedia(uploaders, post.id, mediaIds, transaction);
      if (addressing.visibility === 'direct') {
        const conversationId = await recordDirectPost(models, { authorId: author.id, participantIds: recipients, postId: post.id }, transaction);
        await post.update({ conversationId }, { transaction });
      }
      await this.deps.counters.authorPosted(author.id, now, transaction);
      if (parent) await this.deps.counters.adjust(parent.row.id, 'repliesCount', 1, transaction);

      const facts: VisibilityPost = {
        id: post.id,
        visibility: addressing.visibility,
        authorId: author.id,
        groupId: addressing.groupId,
        groupVisibility: addressing.groupVisibility,
        mentionedUserIds: recipients,
      };
      const written = await this.notify(post, facts, mentioned, parent, transaction);
      const parentCounts = parent ? await this.deps.counters.snapshot(parent.row.id, transaction) : null;
      // Recorded with the post (the outbox): live delivery, plugins and webhooks hear of it after commit, even across a crash.
      await this.deps.events.recordAll(transaction, [
        { name: 'post.created', payload: { postId: post.id, authorId: post.authorId, inReplyToId: post.inReplyToId, repostOfId: null } },
        ...(parentCounts ? [{ name: 'post.countsChanged' as const, payload: parentCounts }] : []),
        ...written.map((payload) => ({ name: 'notification.created' as const, payload })),
      ]);
      return post;
    });
    return result.id;
  }

  /**
   * The post replied to (the original, when replying to a repost); 404 when
   * the author may not see it, or the publisher (see PostCreateOptions): the
   * same answer as for a post that does not exist, so it reveals nothing.
   */
  private async parentOf(id: string, actor: ViewerContext, publisher: ViewerContext | null, transaction: Transaction): Promise<LoadedPost> {
    try {
      if (publisher) await this.deps.access.loadVisibleOriginal(id, publisher, transaction);
      return await this.deps.access.loadVisibleOriginal(id, actor, transaction);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'E_NOT_FOUND') {
        throw new DomainError('E_NOT_FOUND', 'Status not found', 404, 'in_reply_to_id');
      }
      throw error;
    }
  }

  /**
   * Who the post is for. A reply keeps its parent's audience when that
   * audience is narrower than the company: a reply to a direct post goes to
   * the same people, a reply to a group post stays in the group. A reply to
   * a public post may be narrowed (e.g. answered inside a private group).
   */
  private async addressing(
    actor: ViewerContext,
    publisher: ViewerContext | null,
    requested: RequestedVisibility | null,
    groupId: string | null,
    parent: LoadedPost | null,
    transaction: Transaction,
  ): Promise<Addressing> {
    if (parent?.row.visibility === 'direct') {
      return {
        visibility: 'direct',
        groupId: null,
        groupVisibility: null,
        inheritedParticipants: [parent.row.authorId, ...parent.facts.mentionedUserIds],
      };
    }
    if (parent?.row.visibility === 'group') {
      if (groupId && groupId !== parent.row.groupId) throw validationError('group_id', 'A reply stays in the group of the post it answers');
      return this.groupAddressing(actor, publisher, parent.row.groupId ?? '', transaction);
    }
    if (groupId) {
      if (requested === 'direct') throw validationError('visibility', 'A direct message cannot be addressed to a group');
      return this.groupAddressing(actor, publisher, groupId, transaction);
    }
    if (requested === 'private') throw validationError('visibility', 'Choose a group (group_id) for a members-only post');
    if (requested === 'direct') return { visibility: 'direct', groupId: null, groupVisibility: null, inheritedParticipants: [] };
    return { visibility: 'public', groupId: null, groupVisibility: null, inheritedParticipants: [] };
  }

  private async groupAddressing(actor: ViewerContext, publisher: ViewerContext | null, groupId: string, transaction: Transaction): Promise<Addressing> {
    const group = isId(groupId) ? await this.deps.models.Group.findByPk(groupId, { transaction }) : null;
    const facts = group ? { id: group.id, visibility: group.visibility } : null;
    // A publisher who cannot read the group gets the answer of a group that does not exist (see PostCreateOptions).
    if (!group || !facts || !canSeeGroup(actor, facts) || (publisher && !canReadGroupPosts(publisher, facts))) {
      throw new DomainError('E_NOT_FOUND', 'Group not found', 404, 'group_id');
    }
    if (!canPostToGroup(actor, facts)) throw new DomainError('E_FORBIDDEN', 'Only members of this group can post to it', 403, 'group_id');
    if (group.archivedAt) throw validationError('group_id', 'This group is archived');
    return { visibility: 'group', groupId: group.id, groupVisibility: group.visibility, inheritedParticipants: [] };
  }

  /** Attaches the author's own, not yet attached uploads; anything else is refused as a whole. */
  private async attachMedia(uploaderIds: string[], postId: string, mediaIds: string[], transaction: Transaction): Promise<void> {
    if (mediaIds.length === 0) return;
    const [attached] = await this.deps.models.Attachment.update(
      { postId },
      { where: { id: { [Op.in]: mediaIds }, ownerId: { [Op.in]: uploaderIds }, postId: null }, transaction },
    );
    if (attached !== mediaIds.length) throw validationError('media_ids', 'Attach only your own uploads that are not attached to another post');
  }

  /**
   * Mentioned people who can see the post get a mention; the parent's
   * author gets a reply unless already mentioned — and only if they can see
   * it (a private-group answer to a public post stays inside the group).
   * Mentions in a direct message are marked so muting mentions never hides one.
   */
  private async notify(
    post: PostModel,
    facts: VisibilityPost,
    mentioned: string[],
    parent: LoadedPost | null,
    transaction: Transaction,
  ): Promise<WrittenNotification[]> {
    const mentionTargets = facts.visibility === 'direct' ? facts.mentionedUserIds : mentioned;
    const candidates = unique([...mentionTargets, ...(parent ? [parent.row.authorId] : [])]);
    const allowed = await this.deps.access.whoCanSee(facts, candidates, transaction);
    const direct = facts.visibility === 'direct';
    const drafts: NotificationDraft[] = mentionTargets
      .filter((userId) => allowed.has(userId))
      .map((userId) => ({ recipientId: userId, type: 'mention', actorId: post.authorId, postId: post.id, direct }));
    if (parent && allowed.has(parent.row.authorId) && !mentionTargets.includes(parent.row.authorId)) {
      drafts.push({ recipientId: parent.row.authorId, type: 'reply', actorId: post.authorId, postId: post.id });
    }
    return this.deps.notifications.write(drafts, transaction);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function checkedVisibility(value: string | null | undefined): RequestedVisibility | null {
  if (value === undefined || value === null || value === '') return null;
  if (!(REQUESTED_VISIBILITIES as readonly string[]).includes(value)) {
    throw validationError('visibility', 'visibility must be public, unlisted, private or direct');
  }
  return value as RequestedVisibility;
}

function checkedMediaIds(ids: readonly string[]): string[] {
  const distinct = unique(ids.filter((id) => id !== ''));
  if (distinct.length > MAX_ATTACHMENTS) throw validationError('media_ids', `Attach at most ${MAX_ATTACHMENTS} files`);
  if (!distinct.every(isId)) throw validationError('media_ids', 'media_ids must be ids of uploads');
  return distinct;
}
