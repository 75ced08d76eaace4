/**
 * The facts the visibility rules need, independent of storage. Repositories
 * map their rows onto these shapes; the rules never load anything themselves.
 */

export type UserId = string;
export type GroupId = string;
export type PostId = string;

/**
 * - `public`: the company-wide stream (every signed-in, active employee);
 * - `group`: belongs to `groupId`; who sees it depends on the group's visibility;
 * - `direct`: only the author and `mentionedUserIds`.
 */
export type PostVisibility = 'public' | 'group' | 'direct';

export type GroupVisibility = 'public' | 'private';

/** Full membership. `owner` and `admin` manage the group. */
export type GroupRole = 'owner' | 'admin' | 'member';

/** Not (yet) a member: asked to join, or was invited and has not accepted. */
export type PendingMembership = 'requested' | 'invited';

export type GroupMembershipState = GroupRole | PendingMembership;

export interface Group {
  readonly id: GroupId;
  readonly visibility: GroupVisibility;
  readonly deletedAt?: Date | null;
}

export interface Post {
  readonly id: PostId;
  readonly visibility: PostVisibility;
  readonly authorId: UserId;
  /** Required when `visibility === 'group'`, must be absent otherwise. */
  readonly groupId?: GroupId | null;
  /**
   * Visibility of `groupId`'s group, denormalised by the loader so a post can
   * be judged on its own. Missing on a group post is treated as `private`
   * (fail closed).
   */
  readonly groupVisibility?: GroupVisibility | null;
  /** Users mentioned in the post; for a direct post these are the participants. */
  readonly mentionedUserIds: readonly UserId[];
  /** Normalised hashtags (see `normalizeHashtag`), used for live hashtag streams. */
  readonly hashtags?: readonly string[];
  readonly deletedAt?: Date | null;
  /** Set when a moderator hid the post. */
  readonly hiddenAt?: Date | null;
  /** The author is suspended (a deactivated author is not: their posts stay, as the company's record). */
  readonly authorSuspended?: boolean;
  readonly inReplyToId?: PostId | null;
  /** Set when this post is a repost (boost) of another post. */
  readonly repostOfId?: PostId | null;
  /**
   * The reposted post, loaded by the caller. If `repostOfId` is set but this
   * is missing or has another id (original purged, not loaded), the repost is
   * treated as invisible (fail closed).
   */
  readonly repostOf?: Post | null;
}

export interface AnonymousViewer {
  readonly kind: 'anonymous';
}

export interface SignedInViewer {
  readonly kind: 'user';
  readonly id: UserId;
  /** Site administrator (moderator). */
  readonly isAdmin: boolean;
  /** Works the moderation queue: sees hidden posts like an administrator. */
  readonly isModerator?: boolean;
  /** False for deactivated / left-the-company accounts. */
  readonly isActive: boolean;
}

export type Viewer = AnonymousViewer | SignedInViewer;

export interface ViewerContext {
  readonly viewer: Viewer;
  /** The viewer's memberships: groupId -> role or pending state. Absent = no relation. */
  readonly memberships: ReadonlyMap<GroupId, GroupMembershipState>;
}

/**
 * A live room a new post is pushed to. Consumed by the live fan-out, which
 * still re-checks `canSeePost` per recipient (rooms can lag membership changes).
 */
export type StreamAudience =
  | { readonly kind: 'company' }
  | { readonly kind: 'followers'; readonly userId: UserId }
  | { readonly kind: 'group'; readonly groupId: GroupId }
  | { readonly kind: 'users'; readonly userIds: readonly UserId[] }
  | { readonly kind: 'hashtag'; readonly tag: string };
