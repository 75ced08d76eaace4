/**
 * What the pinned banner of a timeline page shows one person: the active
 * announcements (shared, cached: active-announcements.ts) addressed to them,
 * minus those they acknowledged, newest first. Addressing is decided from
 * the viewer's memberships already loaded for the request; the person's
 * receipts are read on every page (one SELECT, only when something is
 * active for them), so an acknowledged announcement disappears for them at
 * once. Same rules as `PendingAnnouncementsService.visibleTo` (the API and
 * the digest), which reads everything from the database each time.
 */
import type { ReadQueries } from '../../db/read-queries.js';
import { isFullMembership, type ViewerContext } from '../../domain/visibility/index.js';
import type { ActiveAnnouncement, ActiveAnnouncements } from './active-announcements.js';
import { PENDING_LIMIT, type AnnouncementView } from './announcement-pending.js';

export interface BannerAnnouncements {
  /** Unacknowledged, newest first, at most PENDING_LIMIT. */
  items: AnnouncementView[];
  /** Those of `items` the person has not been shown before (to mark seen). */
  unseen: string[];
}

interface ReceiptRow extends Record<string, unknown> {
  announcement_id: string;
  seen_at: unknown;
  acknowledged_at: unknown;
}

export class AnnouncementBannerReads {
  constructor(
    private readonly active: ActiveAnnouncements,
    private readonly reads: ReadQueries,
  ) {}

  async pendingFor(userId: string, viewer: ViewerContext): Promise<BannerAnnouncements> {
    const addressed = (await this.active.current()).filter((announcement) => isAddressedTo(announcement, viewer));
    if (addressed.length === 0) return { items: [], unseen: [] };
    const receipts = await this.reads.select<ReceiptRow>(
      'SELECT announcement_id, seen_at, acknowledged_at FROM announcement_receipts WHERE user_id = :userId AND announcement_id IN (:ids)',
      { userId, ids: addressed.map((announcement) => announcement.id) },
    );
    const acknowledged = new Set(receipts.filter((row) => row.acknowledged_at !== null).map((row) => row.announcement_id));
    const seen = new Set(receipts.filter((row) => row.seen_at !== null).map((row) => row.announcement_id));
    const items = addressed.filter((announcement) => !acknowledged.has(announcement.id)).slice(0, PENDING_LIMIT);
    return { items: items.map(viewOf), unseen: items.filter((item) => !seen.has(item.id)).map((item) => item.id) };
  }
}

/** To everyone, or to a group the viewer is an active (not invited, not requesting) member of. */
function isAddressedTo(announcement: ActiveAnnouncement, viewer: ViewerContext): boolean {
  return announcement.everyone || announcement.groupIds.some((groupId) => isFullMembership(viewer.memberships.get(groupId)));
}

const viewOf = (announcement: ActiveAnnouncement): AnnouncementView => ({
  id: announcement.id,
  text: announcement.text,
  html: announcement.html,
  authorId: announcement.authorId,
  authorName: announcement.authorName,
  publishedAt: announcement.createdAt,
  startsAt: announcement.startsAt,
  endsAt: announcement.endsAt,
  updatedAt: announcement.updatedAt,
  read: false,
});
