import type {
  GroupId,
  GroupMembershipState,
  GroupRole,
  SignedInViewer,
  Viewer,
  ViewerContext,
} from './types.js';

/** The one anonymous viewer. */
export const ANONYMOUS_VIEWER: Viewer = Object.freeze({ kind: 'anonymous' });

/** Builds a viewer context; memberships default to none. */
export function viewerContext(
  viewer: Viewer,
  memberships: ReadonlyMap<GroupId, GroupMembershipState> | Iterable<readonly [GroupId, GroupMembershipState]> = [],
): ViewerContext {
  const map = memberships instanceof Map ? memberships : new Map(memberships);
  return { viewer, memberships: map };
}

/**
 * The viewer if they may see anything at all, else `null`.
 *
 * Warble is company-internal: anonymous visitors see nothing, and neither do
 * deactivated accounts (people who left keep a row for attribution, not access),
 * whatever else their record says (even `isAdmin`).
 */
export function activeViewer(ctx: ViewerContext): SignedInViewer | null {
  const v = ctx.viewer;
  return v.kind === 'user' && v.isActive ? v : null;
}

/** Owner, admin or member; `requested`/`invited` are not members yet. */
export function isFullMembership(state: GroupMembershipState | undefined | null): state is GroupRole {
  return state === 'owner' || state === 'admin' || state === 'member';
}

/** Owner or admin of the group. */
export function isGroupManagerRole(state: GroupMembershipState | undefined | null): state is 'owner' | 'admin' {
  return state === 'owner' || state === 'admin';
}

/** The viewer's relation to a group, or `undefined` if none. */
export function membershipOf(ctx: ViewerContext, groupId: GroupId): GroupMembershipState | undefined {
  return ctx.memberships.get(groupId);
}
