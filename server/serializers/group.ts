/**
 * A Warble group as an API entity, in Mastodon's style (snake_case, ISO
 * timestamps with milliseconds, absolute `url`), with the viewer's own
 * relation to it in `membership` (null when they have none).
 */
import type { GroupModel, GroupSource, GroupVisibility } from '../db/models/group.js';
import type { GroupMembershipModel, GroupRole, MembershipState } from '../db/models/group-membership.js';

export interface ApiGroupMembership {
  role: GroupRole;
  /** active, requested (asked to join) or invited (offered, not yet accepted). */
  state: MembershipState;
}

export interface ApiGroup {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: GroupVisibility;
  source: GroupSource;
  members_count: number;
  created_at: string;
  url: string;
  membership: ApiGroupMembership | null;
}

export function toApiMembership(row: Pick<GroupMembershipModel, 'role' | 'state'> | null | undefined): ApiGroupMembership | null {
  return row ? { role: row.role, state: row.state } : null;
}

export function toApiGroup(
  group: GroupModel,
  extras: { membersCount: number; membership: Pick<GroupMembershipModel, 'role' | 'state'> | null | undefined; baseUrl: string },
): ApiGroup {
  return {
    id: group.id,
    slug: group.slug,
    name: group.name,
    description: group.description,
    visibility: group.visibility,
    source: group.source,
    members_count: extras.membersCount,
    created_at: group.createdAt.toISOString(),
    url: `${extras.baseUrl}/groups/${encodeURIComponent(group.slug)}`,
    membership: toApiMembership(extras.membership),
  };
}

/** One person in a group's member list. */
export interface ApiGroupMember {
  /** The account's id: the page cursor of member lists. */
  id: string;
  account: object;
  role: GroupRole;
  state: MembershipState;
}
