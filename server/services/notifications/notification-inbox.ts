/**
 * A person's notifications as rows: paged and filtered reads, dismiss,
 * clear, and the read state. Being read is one fact stored once (read_at):
 * Warble's per-notification `read` flag, the unread count and Mastodon's
 * notifications marker are all views of it, so they can never disagree.
 */
import { Op, type WhereOptions } from 'sequelize';
import { idOrder, idRange, type IdPage } from '../../db/id-page.js';
import type { Models } from '../../db/models/index.js';
import type { NotificationModel, NotificationType } from '../../db/models/notification.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { notFound } from '../../domain/errors.js';

export interface NotificationFilter {
  /** Only these types (empty or absent: all). */
  types?: readonly NotificationType[];
  excludeTypes?: readonly NotificationType[];
  /** Only notifications caused by this account. */
  accountId?: string;
}

export interface NotificationMarker {
  lastReadId: string;
  /** How many notifications are read: grows with every read, so clients can tell a marker moved. */
  version: number;
  updatedAt: Date;
}

/** What an unread notification points at: enough to tell whether the viewer may still see it. */
export interface NotificationTarget {
  postId: string | null;
  groupId: string | null;
}

export class NotificationInbox {
  constructor(
    private readonly models: Models,
    /** The unread badge of every page reads on the hot-read connections. */
    private readonly reads: ReadQueries,
  ) {}

  /** One page of rows in scan order (oldest first after `min_id`, else newest first), before any visibility check. */
  async page(recipientId: string, filter: NotificationFilter, page: IdPage): Promise<NotificationModel[]> {
    const range = idRange(page);
    const conditions: WhereOptions[] = [{ recipientId }];
    if (range) conditions.push({ id: range });
    if (filter.types && filter.types.length > 0) conditions.push({ type: { [Op.in]: [...filter.types] } });
    if (filter.excludeTypes && filter.excludeTypes.length > 0) conditions.push({ type: { [Op.notIn]: [...filter.excludeTypes] } });
    if (filter.accountId) conditions.push({ actorId: filter.accountId });
    const rows = await this.models.Notification.findAll({
      where: { [Op.and]: conditions },
      order: [['id', idOrder(page)]],
      limit: page.limit,
    });
    return rows;
  }

  /** The recipient's notification; someone else's is a 404 like a missing one. */
  async get(recipientId: string, id: string): Promise<NotificationModel> {
    const row = await this.models.Notification.findOne({ where: { id, recipientId } });
    if (!row) throw notFound('Notification');
    return row;
  }

  async dismiss(recipientId: string, id: string): Promise<void> {
    const removed = await this.models.Notification.destroy({ where: { id, recipientId } });
    if (removed === 0) throw notFound('Notification');
  }

  async clear(recipientId: string): Promise<void> {
    await this.models.Notification.destroy({ where: { recipientId } });
  }

  /** What the newest unread rows point at, at most `cap` (the unread count is bounded, as Mastodon's is). */
  async unreadTargets(recipientId: string, cap: number): Promise<NotificationTarget[]> {
    const rows = await this.reads.select<{ post_id: string | null; group_id: string | null }>(
      'SELECT post_id, group_id FROM notifications WHERE recipient_id = :recipientId AND read_at IS NULL ORDER BY id DESC LIMIT :cap',
      { recipientId, cap },
    );
    return rows.map((row) => ({ postId: row.post_id, groupId: row.group_id }));
  }

  /** Marks every unread notification read, or only those up to and including `upToId`. */
  async markRead(recipientId: string, upToId?: string, at: Date = new Date()): Promise<number> {
    const [count] = await this.models.Notification.update(
      { readAt: at },
      { where: { recipientId, readAt: null, ...(upToId ? { id: { [Op.lte]: upToId } } : {}) } },
    );
    return count;
  }

  /** The notifications marker: the newest read notification, or null when none is read. */
  async marker(recipientId: string): Promise<NotificationMarker | null> {
    const where = { recipientId, readAt: { [Op.ne]: null } };
    const [newest, version, updatedAt] = await Promise.all([
      this.models.Notification.findOne({ where, order: [['id', 'DESC']], attributes: ['id'] }),
      this.models.Notification.count({ where }),
      this.models.Notification.max<Date | string | null, NotificationModel>('readAt', { where }),
    ]);
    if (!newest) return null;
    return { lastReadId: newest.id, version, updatedAt: updatedAt ? new Date(updatedAt) : new Date() };
  }
}
