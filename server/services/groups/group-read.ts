/**
 * Reading groups for one viewer: one group, the groups they may see, a
 * group's members and its pending join requests. Every read asks the domain
 * rules first and answers 404 for what the viewer may not know exists.
 */
import type { GroupModel } from '../../db/models/group.js';
import type { GroupMembershipModel } from '../../db/models/group-membership.js';
import type { UserModel } from '../../db/models/user.js';
import type { Models } from '../../db/models/index.js';
import type { IdPage } from '../../db/id-page.js';
import type { ReadQueries } from '../../db/read-queries.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { forbidden, notFound } from '../../domain/errors.js';
import {
  canManageGroup,
  canSeeGroup,
  canSeeGroupMembers,
  isFullMembership,
  type ViewerContext,
} from '../../domain/visibility/index.js';
import { toDomainGroup } from './group-access.js';

/** A group as listed to a viewer: with its member count and the viewer's own row. */
export interface GroupListing {
  group: GroupModel;
  membersCount: number;
  membership: GroupMembershipModel | null;
}

export interface MemberListing {
  user: UserModel;
  membership: GroupMembershipModel;
}

export class GroupReadService {
  constructor(
    private readonly models: Models,
    private readonly groups: GroupRepository,
    /** The compose box of every timeline page reads its groups on the hot-read connections. */
    private readonly reads: ReadQueries,
  ) {}

  /**
   * The groups the viewer is a full member of, newest first, as names to
   * address a post to (the compose box): the ids come from the memberships
   * already loaded for the request, so one SELECT, none without groups.
   */
  async memberGroupNames(viewer: ViewerContext, limit: number): Promise<Array<{ id: string; name: string }>> {
    const ids = [...viewer.memberships.entries()].filter(([, state]) => isFullMembership(state)).map(([id]) => id);
    if (ids.length === 0) return [];
    const rows = await this.reads.select<{ id: string; name: string; visibility: GroupModel['visibility'] }>(
      'SELECT id, name, visibility FROM groups WHERE id IN (:ids) AND archived_at IS NULL ORDER BY id DESC LIMIT :limit',
      { ids, limit },
    );
    return rows.filter((group) => canSeeGroup(viewer, toDomainGroup(group))).map((group) => ({ id: group.id, name: group.name }));
  }

  /** One group; 404 unless the viewer may see it. */
  async get(viewer: ViewerContext, groupId: string): Promise<GroupListing> {
    const group = await this.visibleGroup(viewer, groupId);
    return (await this.describe(viewer, [group]))[0] as GroupListing;
  }

  /** One group by its slug (the pages' address for it); 404 unless the viewer may see it. */
  async getBySlug(viewer: ViewerContext, slug: string): Promise<GroupListing> {
    const group = await this.groups.findBySlug(slug);
    if (!group || !canSeeGroup(viewer, toDomainGroup(group))) throw notFound('Group');
    return (await this.describe(viewer, [group]))[0] as GroupListing;
  }

  /** Makes listings for groups already checked or just written (counts and the viewer's rows in two queries). */
  async describe(viewer: ViewerContext, groups: readonly GroupModel[]): Promise<GroupListing[]> {
    const ids = groups.map((group) => group.id);
    const viewerId = viewer.viewer.kind === 'user' ? viewer.viewer.id : null;
    const [counts, mine] = await Promise.all([
      this.groups.activeMemberCounts(ids),
      viewerId ? this.groups.membershipsIn(ids, viewerId) : Promise.resolve(new Map<string, GroupMembershipModel>()),
    ]);
    return groups.map((group) => ({ group, membersCount: counts.get(group.id) ?? 0, membership: mine.get(group.id) ?? null }));
  }

  /**
   * The groups the viewer may see (public ones and private ones they relate
   * to), or with `memberOnly` the groups they are a full member of; newest first.
   */
  async list(viewer: ViewerContext, options: { memberOnly: boolean }, page: IdPage): Promise<GroupListing[]> {
    const related = [...viewer.memberships.entries()];
    const rows = options.memberOnly
      ? await this.groups.listGroups({ onlyIds: related.filter(([, state]) => isFullMembership(state)).map(([id]) => id) }, page)
      : await this.groups.listGroups({ alsoIds: related.map(([id]) => id) }, page);
    return this.describe(
      viewer,
      rows.filter((group) => canSeeGroup(viewer, toDomainGroup(group))),
    );
  }

  /** Active members, paged by account id; 404 unless the viewer may see who is in the group. */
  async members(viewer: ViewerContext, groupId: string, page: IdPage): Promise<MemberListing[]> {
    const group = await this.visibleGroup(viewer, groupId);
    if (!canSeeGroupMembers(viewer, toDomainGroup(group))) throw notFound('Group');
    return this.withUsers(await this.groups.listMembers(group.id, page));
  }

  /** Pending join requests; owners and admins only. */
  async requests(viewer: ViewerContext, groupId: string, page: IdPage): Promise<MemberListing[]> {
    const group = await this.visibleGroup(viewer, groupId);
    if (!canManageGroup(viewer, toDomainGroup(group))) throw forbidden('Only the group’s owners and admins see join requests');
    return this.withUsers(await this.groups.listMembers(group.id, page, 'requested'));
  }

  private async visibleGroup(viewer: ViewerContext, groupId: string): Promise<GroupModel> {
    const group = await this.groups.findById(groupId);
    if (!group || !canSeeGroup(viewer, toDomainGroup(group))) throw notFound('Group');
    return group;
  }

  private async withUsers(rows: GroupMembershipModel[]): Promise<MemberListing[]> {
    const users = await this.models.User.findAll({ where: { id: rows.map((row) => row.userId) } });
    const byId = new Map(users.map((user) => [user.id, user]));
    return rows.flatMap((membership) => {
      const user = byId.get(membership.userId);
      return user ? [{ user, membership }] : [];
    });
  }
}
