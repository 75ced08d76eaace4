/**
 * Visibility domain: who may see which post and group, and which live rooms a
 * post is pushed to. Pure functions over plain facts (no I/O).
 */
export type {
  UserId,
  GroupId,
  PostId,
  PostVisibility,
  GroupVisibility,
  GroupRole,
  PendingMembership,
  GroupMembershipState,
  Group,
  Post,
  AnonymousViewer,
  SignedInViewer,
  Viewer,
  ViewerContext,
  StreamAudience,
} from './types.js';
export {
  ANONYMOUS_VIEWER,
  viewerContext,
  activeViewer,
  isFullMembership,
  isGroupManagerRole,
  membershipOf,
} from './context.js';
export {
  canSeeGroup,
  canSeeGroupMembers,
  canReadGroupPosts,
  canPostToGroup,
  canManageGroup,
  canInviteToGroup,
} from './groups.js';
export {
  canSeePost,
  canSeeThreadEntry,
  visibleThreadEntries,
  canRepost,
  isCompanyVisible,
  isWellFormedPost,
  MAX_REPOST_DEPTH,
} from './posts.js';
export { streamAudience } from './audience.js';
