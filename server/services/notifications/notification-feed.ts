/**
 * Notifications as a viewer is allowed to see them: each one's status goes
 * through the StatusPresenter and each group through the group rules, and a
 * notification whose post or group the viewer can no longer see (deleted,
 * moved out of reach, invitation withdrawn) is left out — of the list, of a
 * single read and of the unread count alike.
 */
import { Op } from 'sequelize';
import type { IdPage } from '../../db/id-page.js';
import type { Models } from '../../db/models/index.js';
import type { NotificationModel } from '../../db/models/notification.js';
import { notFound } from '../../domain/errors.js';
import { canSeeGroup, type ViewerContext } from '../../domain/visibility/index.js';
import { toApiGroup, type ApiGroup } from '../../serializers/group.js';
import { toApiNotification, type ApiNotification } from '../../serializers/notification.js';
import type { ApiStatus } from '../../serializers/status.js';
import { toDomainGroup } from '../groups/group-access.js';
import type { GroupReadService } from '../groups/group-read.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { apiAccountOf } from '../social/account-view.js';
import type { NotificationFilter, NotificationInbox, NotificationTarget } from './notification-inbox.js';

/** Extra batches read to fill a page whose rows were mostly dropped, before answering with fewer. */
const MAX_REFILLS = 3;
/** The unread count stops counting here (Mastodon's default is 100, its maximum 1000). */
export const MAX_UNREAD_COUNT = 1000;

export class NotificationFeed {
  constructor(
    private readonly inbox: NotificationInbox,
    private readonly statuses: StatusPresenter,
    private readonly groupReads: GroupReadService,
    private readonly models: Models,
  ) {}

  /** A page of the viewer's notifications, newest first, without the ones they may not see. */
  async list(viewer: ViewerContext, filter: NotificationFilter, page: IdPage, baseUrl: string): Promise<ApiNotification[]> {
    const recipientId = viewerIdOf(viewer);
    const shown: ApiNotification[] = [];
    let cursor = page;
    for (let round = 0; round <= MAX_REFILLS && shown.length < page.limit; round += 1) {
      const rows = await this.inbox.page(recipientId, filter, cursor);
      shown.push(...(await this.present(rows, viewer, baseUrl)));
      const last = rows[rows.length - 1];
      if (!last || rows.length < cursor.limit) break;
      cursor = page.minId ? { ...cursor, minId: last.id } : { ...cursor, maxId: last.id };
    }
    // Rows were scanned nearest-the-cursor first; keep that many, then show newest first.
    return shown
      .slice(0, page.limit)
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  async get(viewer: ViewerContext, id: string, baseUrl: string): Promise<ApiNotification> {
    const row = await this.inbox.get(viewerIdOf(viewer), id);
    const [shown] = await this.present([row], viewer, baseUrl);
    if (!shown) throw notFound('Notification');
    return shown;
  }

  /** Unread notifications the viewer may see, counted up to `cap`. */
  async unreadCount(viewer: ViewerContext, cap = MAX_UNREAD_COUNT): Promise<number> {
    const rows = await this.inbox.unreadTargets(viewerIdOf(viewer), Math.min(cap, MAX_UNREAD_COUNT));
    return (await this.visibleRows(rows, viewer)).length;
  }

  /** Rows whose post and group the viewer may see, without building the entities. */
  private async visibleRows<T extends NotificationTarget>(rows: readonly T[], viewer: ViewerContext): Promise<T[]> {
    const postIds = unique(rows.map((row) => row.postId));
    const [visiblePosts, visibleGroups] = await Promise.all([
      this.statuses.visibleIds(postIds, viewer).then((ids) => new Set(ids)),
      this.visibleGroupIds(unique(rows.map((row) => row.groupId)), viewer),
    ]);
    return rows.filter((row) => (!row.postId || visiblePosts.has(row.postId)) && (!row.groupId || visibleGroups.has(row.groupId)));
  }

  private async present(rows: readonly NotificationModel[], viewer: ViewerContext, baseUrl: string): Promise<ApiNotification[]> {
    if (rows.length === 0) return [];
    const postIds = unique(rows.map((row) => row.postId));
    const groupIds = unique(rows.map((row) => row.groupId));
    const actorIds = unique(rows.map((row) => row.actorId));
    const [statuses, groups, actors] = await Promise.all([
      this.statuses.present(postIds, viewer, baseUrl),
      this.presentGroups(groupIds, viewer, baseUrl),
      actorIds.length > 0 ? this.models.User.findAll({ where: { id: { [Op.in]: actorIds } } }) : Promise.resolve([]),
    ]);
    const statusById = new Map<string, ApiStatus>(statuses.map((status) => [status.id, status]));
    const accountById = new Map(actors.map((user) => [user.id, apiAccountOf(user, baseUrl)]));
    return rows.flatMap((row) => {
      const status = row.postId ? statusById.get(row.postId) : undefined;
      const group = row.groupId ? groups.get(row.groupId) : undefined;
      if ((row.postId && !status) || (row.groupId && !group)) return [];
      return [
        toApiNotification(row, {
          account: row.actorId ? (accountById.get(row.actorId) ?? null) : null,
          status: status ?? null,
          group: group ?? null,
        }),
      ];
    });
  }

  private async visibleGroupIds(groupIds: string[], viewer: ViewerContext): Promise<Set<string>> {
    if (groupIds.length === 0) return new Set();
    const groups = await this.models.Group.findAll({ where: { id: { [Op.in]: groupIds } } });
    return new Set(groups.filter((group) => canSeeGroup(viewer, toDomainGroup(group))).map((group) => group.id));
  }

  private async presentGroups(groupIds: string[], viewer: ViewerContext, baseUrl: string): Promise<Map<string, ApiGroup>> {
    if (groupIds.length === 0) return new Map();
    const groups = await this.models.Group.findAll({ where: { id: { [Op.in]: groupIds } } });
    const visible = groups.filter((group) => canSeeGroup(viewer, toDomainGroup(group)));
    const listings = await this.groupReads.describe(viewer, visible);
    return new Map(listings.map((listing) => [listing.group.id, toApiGroup(listing.group, { ...listing, baseUrl })]));
  }
}

function unique(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function viewerIdOf(viewer: ViewerContext): string {
  if (viewer.viewer.kind !== 'user') throw notFound('Notification');
  return viewer.viewer.id;
}
