import { isCompanyVisible, isWellFormedPost } from './posts.js';
import type { Post, StreamAudience, UserId } from './types.js';

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function usersAudience(userIds: Iterable<UserId>): StreamAudience[] {
  const ids = unique(userIds);
  return ids.length > 0 ? [{ kind: 'users', userIds: ids }] : [];
}

function hashtagAudiences(post: Post): StreamAudience[] {
  return unique(post.hashtags ?? []).map((tag) => ({ kind: 'hashtag', tag }) as const);
}

/**
 * Which live rooms a newly published post is pushed to. This only chooses
 * rooms; the fan-out still checks `canSeePost` for each recipient.
 *
 * - deleted, hidden or malformed posts: nowhere (nothing new to show);
 * - public post: company stream, the author's followers, its hashtag streams,
 *   and the mentioned users (so they are notified live);
 * - post in a public group: the group room, its hashtag streams and the
 *   mentioned users — not the company stream or the author's followers: group
 *   chatter stays in the group unless people follow its tags;
 * - post in a private group (or unknown group visibility): the group room
 *   only; mentioning a non-member or tagging must not push it anywhere else;
 * - direct post: only the participants (author's other sessions included) —
 *   never followers, company or hashtag streams;
 * - repost: the reposter's followers and the original's author, and only when
 *   the repost is public and the original is readable company-wide; not the
 *   company or hashtag streams, which already carried the original.
 */
export function streamAudience(post: Post): StreamAudience[] {
  if (post.deletedAt || post.hiddenAt || !isWellFormedPost(post)) return [];

  if (post.repostOfId !== undefined && post.repostOfId !== null) {
    const original = post.repostOf;
    if (!original || original.id !== post.repostOfId) return [];
    if (post.visibility !== 'public' || !isCompanyVisible(original)) return [];
    return [{ kind: 'followers', userId: post.authorId }, ...usersAudience([original.authorId])];
  }

  switch (post.visibility) {
    case 'public':
      return [
        { kind: 'company' },
        { kind: 'followers', userId: post.authorId },
        ...hashtagAudiences(post),
        ...usersAudience(post.mentionedUserIds),
      ];
    case 'group': {
      const room: StreamAudience = { kind: 'group', groupId: post.groupId ?? '' };
      if (post.groupVisibility !== 'public') return [room];
      return [room, ...hashtagAudiences(post), ...usersAudience(post.mentionedUserIds)];
    }
    case 'direct':
      return usersAudience([post.authorId, ...post.mentionedUserIds]);
  }
}
