/**
 * What a person must see: the active announcements addressed to them that
 * they have not acknowledged. Read by every timeline page (the pinned
 * banner), by `GET /api/v1/announcements` and by the email digest
 * ("unacknowledged announcements"), so all three agree.
 */
import { Op } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import type { AnnouncementAudience } from './announcement-audience.js';
import type { AnnouncementDeps } from './announcement-deps.js';

/** An announcement as a person is shown it (the contract other features, e.g. digests, rely on). */
export interface PendingAnnouncement {
  id: string;
  /** The plain text as typed. */
  text: string;
  /** Safe HTML rendered from the text (escaped text, links, mentions, hashtags). */
  html: string;
  authorId: string;
  authorName: string;
  publishedAt: Date;
  endsAt: Date | null;
}

/** A pending announcement with what API clients and pages also show. */
export interface AnnouncementView extends PendingAnnouncement {
  startsAt: Date;
  updatedAt: Date;
  /** Acknowledged by the viewer (only ever true when acknowledged ones were asked for). */
  read: boolean;
}

/** How many pinned announcements one page shows at most. */
export const PENDING_LIMIT = 20;

export class PendingAnnouncementsService {
  constructor(
    private readonly deps: Pick<AnnouncementDeps, 'models'>,
    private readonly audience: AnnouncementAudience,
  ) {}

  /** Active announcements for `userId`; `withDismissed` also lists the acknowledged ones (Mastodon's `with_dismissed`). */
  async visibleTo(userId: string, options: { withDismissed?: boolean } = {}): Promise<AnnouncementView[]> {
    const rows = await this.audience.activeFor(userId, new Date(), { limit: PENDING_LIMIT, includeAcknowledged: options.withDismissed === true });
    return this.views(rows, userId);
  }

  /** One announcement by id, whatever its audience (for its publisher's answer), or null. */
  async byId(announcementId: string, userId: string | null): Promise<AnnouncementView | null> {
    const row = await this.deps.models.Announcement.findByPk(announcementId);
    return row ? ((await this.views([row], userId))[0] ?? null) : null;
  }

  /** Rows with their authors' names and the viewer's acknowledgements. */
  async views(rows: readonly AnnouncementModel[], userId: string | null): Promise<AnnouncementView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [authors, acknowledged] = await Promise.all([
      this.deps.models.User.findAll({ where: { id: [...new Set(rows.map((row) => row.authorId))] }, attributes: ['id', 'displayName'], raw: true }),
      userId
        ? this.deps.models.AnnouncementReceipt.findAll({
            where: { userId, announcementId: ids, acknowledgedAt: { [Op.ne]: null } },
            attributes: ['announcementId'],
            raw: true,
          })
        : Promise.resolve([]),
    ]);
    const names = new Map(authors.map((author) => [author.id, author.displayName]));
    const read = new Set(acknowledged.map((receipt) => receipt.announcementId));
    return rows.map((row) => ({
      id: row.id,
      text: row.text,
      html: row.html,
      authorId: row.authorId,
      authorName: names.get(row.authorId) ?? '',
      publishedAt: row.createdAt,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      updatedAt: row.updatedAt,
      read: read.has(row.id),
    }));
  }
}
