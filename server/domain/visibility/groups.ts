import { activeViewer, isFullMembership, isGroupManagerRole, membershipOf } from './context.js';
import type { Group, ViewerContext } from './types.js';

/**
 * Common gate: an active signed-in viewer and a group that still exists.
 * Deleted groups are gone for everyone (their data is kept only for audit).
 */
function gate(ctx: ViewerContext, group: Group): boolean {
  return activeViewer(ctx) !== null && !group.deletedAt;
}

/**
 * May the viewer know the group exists (name, description, listing)?
 *
 * - public group: every active signed-in user (it is discoverable company-wide);
 * - private group: only people with a relation to it, *including* pending
 *   `requested`/`invited`: an invitee has to see what they are invited to in
 *   order to accept or decline (a member chose to disclose it), and a
 *   requester already knows the group and needs to see/cancel their request.
 *   Neither can see its members or posts (see {@link canSeeGroupMembers}).
 * - site admins get no special pass: private groups are private from the site
 *   operators too in normal browsing; moderation uses a separate, audited path.
 */
export function canSeeGroup(ctx: ViewerContext, group: Group): boolean {
  if (!gate(ctx, group)) return false;
  if (group.visibility === 'public') return true;
  return membershipOf(ctx, group.id) !== undefined;
}

/**
 * May the viewer see who is in the group? For a private group the member list
 * is as sensitive as the posts (it reveals who works on what), so only full
 * members (owner/admin/member) see it.
 */
export function canSeeGroupMembers(ctx: ViewerContext, group: Group): boolean {
  if (!gate(ctx, group)) return false;
  if (group.visibility === 'public') return true;
  return isFullMembership(membershipOf(ctx, group.id));
}

/**
 * May the viewer read the group's posts (its timeline)? The same people who
 * may see its members: everyone for a public group, full members only for a
 * private one. Someone who asked to join, or was invited, sees the group's
 * name (to accept or wait) but not its conversation.
 */
export function canReadGroupPosts(ctx: ViewerContext, group: Group): boolean {
  return canSeeGroupMembers(ctx, group);
}

/**
 * May the viewer post into the group? Only full members, in public and
 * private groups alike: a public group is readable by everyone but is still a
 * team space, and joining is the explicit act of taking part. Pending
 * requesters/invitees cannot post until accepted.
 */
export function canPostToGroup(ctx: ViewerContext, group: Group): boolean {
  if (!gate(ctx, group)) return false;
  return isFullMembership(membershipOf(ctx, group.id));
}

/**
 * May the viewer change the group's settings, approve requests, remove
 * members? Owner or admin of *this* group only. Site admins are deliberately
 * not included: group administration belongs to the group; site-level
 * moderation is a separate path.
 */
export function canManageGroup(ctx: ViewerContext, group: Group): boolean {
  if (!gate(ctx, group)) return false;
  return isGroupManagerRole(membershipOf(ctx, group.id));
}

/**
 * May the viewer invite someone? An invitation discloses the group, so for a
 * private group only its owners/admins may do it; in a public group (already
 * visible to all) any full member may bring colleagues in.
 */
export function canInviteToGroup(ctx: ViewerContext, group: Group): boolean {
  if (!gate(ctx, group)) return false;
  const state = membershipOf(ctx, group.id);
  return group.visibility === 'private' ? isGroupManagerRole(state) : isFullMembership(state);
}
