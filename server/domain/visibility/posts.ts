import { activeViewer, isFullMembership, membershipOf } from './context.js';
import type { Post, SignedInViewer, ViewerContext } from './types.js';

/** Reposts of reposts are followed at most this deep; deeper chains are refused (fail closed). */
export const MAX_REPOST_DEPTH = 8;

/**
 * A post's `visibility` and `groupId` must agree: a group post names its
 * group, other posts name none. Anything else is a data bug; we refuse to
 * show it rather than guess which field is wrong.
 */
export function isWellFormedPost(post: Post): boolean {
  const hasGroup = post.groupId !== undefined && post.groupId !== null && post.groupId !== '';
  return post.visibility === 'group' ? hasGroup : !hasGroup;
}

/** The audience rule for the post's own visibility (ignores deletion, moderation, reposts). */
function audienceAllows(ctx: ViewerContext, viewer: SignedInViewer, post: Post): boolean {
  switch (post.visibility) {
    case 'public':
      // Company stream: every active employee.
      return true;
    case 'group': {
      // Public group: as open as the company stream. Private group: full
      // members only — not requesters/invitees (not accepted yet) and not site
      // admins (no backdoor into private spaces via timelines). An unknown
      // group visibility is treated as private.
      if (post.groupVisibility === 'public') return true;
      return isFullMembership(membershipOf(ctx, post.groupId ?? ''));
    }
    case 'direct':
      // A conversation between named people; being an admin is not being a participant.
      return viewer.id === post.authorId || post.mentionedUserIds.includes(viewer.id);
  }
}

function canSeePostAt(ctx: ViewerContext, post: Post, depth: number): boolean {
  const viewer = activeViewer(ctx);
  if (viewer === null) return false;
  // Deleted means gone, for the author and admins too (restoring is an admin tool, not a view).
  if (post.deletedAt) return false;
  if (!isWellFormedPost(post)) return false;
  if (!audienceAllows(ctx, viewer, post)) return false;
  // Moderated posts stay visible to their author (so they know what was hidden
  // and can appeal) and to site moderators — but only where the audience rule
  // already lets them in: hiding never widens access.
  if (post.hiddenAt && viewer.id !== post.authorId && !viewer.isAdmin && viewer.isModerator !== true) return false;
  // A suspended person's posts leave every timeline (as on Mastodon) until reinstated; moderators still review them.
  if (post.authorSuspended && !viewer.isAdmin && viewer.isModerator !== true) return false;
  if (post.repostOfId !== undefined && post.repostOfId !== null) {
    // A repost must not leak its original beyond the original's audience.
    const original = post.repostOf;
    if (!original || original.id !== post.repostOfId) return false;
    if (depth >= MAX_REPOST_DEPTH) return false;
    return canSeePostAt(ctx, original, depth + 1);
  }
  return true;
}

/**
 * May the viewer see this post (timelines, permalinks, search, notifications)?
 *
 * - nobody but active signed-in users sees anything (company-internal);
 * - deleted: nobody;
 * - public: every active signed-in user;
 * - group: public group → every active signed-in user; private group → full
 *   members only;
 * - direct: author and mentioned participants only;
 * - hidden by moderation: additionally restricted to the author and site admins;
 * - by a suspended author: site admins and moderators only;
 * - repost: only if the repost *and* the original are visible.
 */
export function canSeePost(ctx: ViewerContext, post: Post): boolean {
  return canSeePostAt(ctx, post, 0);
}

/**
 * May the viewer see this entry of a thread? A reply inherits nothing from
 * its parent: a public reply to a private-group post is still public, and a
 * direct reply in a public thread is still direct. Each entry is judged on
 * its own, so a thread view shows exactly the entries the viewer may see.
 */
export function canSeeThreadEntry(ctx: ViewerContext, entry: Post): boolean {
  return canSeePostAt(ctx, entry, 0);
}

/** The entries of a thread the viewer may see, in their original order. */
export function visibleThreadEntries<P extends Post>(ctx: ViewerContext, entries: readonly P[]): P[] {
  return entries.filter((e) => canSeeThreadEntry(ctx, e));
}

/**
 * Is the post readable by every active employee (public, or in a public
 * group), and not deleted/hidden? Only such posts may be spread further.
 */
export function isCompanyVisible(post: Post): boolean {
  if (post.deletedAt || post.hiddenAt || !isWellFormedPost(post)) return false;
  if (post.repostOfId !== undefined && post.repostOfId !== null) return false;
  return post.visibility === 'public' || (post.visibility === 'group' && post.groupVisibility === 'public');
}

/**
 * May the viewer repost this post? Only posts every employee can already
 * read (see {@link isCompanyVisible}) — reposting a direct or private-group
 * post would copy it out of its audience — and which the viewer can see.
 * A repost itself cannot be reposted: repost the original instead.
 */
export function canRepost(ctx: ViewerContext, post: Post): boolean {
  return isCompanyVisible(post) && canSeePost(ctx, post);
}
