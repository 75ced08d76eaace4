/**
 * The announcements feature behind one container field
 * (`container.announcements`): each use case lives in its own file; this
 * facade builds them from the container's parts and names the calls the
 * routes, the live layer and other features (email digests) make.
 */
import { ActiveAnnouncements } from './active-announcements.js';
import { AnnouncementAccess } from './announcement-access.js';
import { AnnouncementAudience } from './announcement-audience.js';
import { AnnouncementBannerReads } from './announcement-banner-reads.js';
import type { AnnouncementActor, AnnouncementDeps } from './announcement-deps.js';
import { ListAnnouncementsService } from './announcement-list.js';
import { PendingAnnouncementsService, type AnnouncementView, type PendingAnnouncement } from './announcement-pending.js';
import { PublishAnnouncementService } from './announcement-publish.js';
import { AnnouncementReceiptsService } from './announcement-receipts.js';
import { AnnouncementStatsService } from './announcement-stats.js';
import { WithdrawAnnouncementService } from './announcement-withdraw.js';

export type { PendingAnnouncement, AnnouncementView };
export { canPublishAnnouncements } from './announcement-deps.js';
export type { FiguresAccess } from './announcement-access.js';

export class Announcements {
  readonly audience: AnnouncementAudience;
  /** Who may read an announcement's figures and withdraw it (the role alone is not enough). */
  readonly access: AnnouncementAccess;
  readonly publishing: PublishAnnouncementService;
  readonly pending: PendingAnnouncementsService;
  readonly receipts: AnnouncementReceiptsService;
  readonly stats: AnnouncementStatsService;
  readonly withdrawal: WithdrawAnnouncementService;
  readonly list: ListAnnouncementsService;
  /** The company's active announcements, reread every few seconds per node (active-announcements.ts). */
  readonly active: ActiveAnnouncements;
  /** What the pinned banner of a timeline page shows one person, from `active` and their receipts. */
  readonly banner: AnnouncementBannerReads;

  constructor(deps: AnnouncementDeps) {
    this.audience = new AnnouncementAudience(deps.sequelize, deps.models);
    this.access = new AnnouncementAccess(deps);
    this.publishing = new PublishAnnouncementService(deps);
    this.pending = new PendingAnnouncementsService(deps, this.audience);
    this.receipts = new AnnouncementReceiptsService(deps, this.audience);
    this.stats = new AnnouncementStatsService(deps, this.audience, this.access);
    this.withdrawal = new WithdrawAnnouncementService(deps, this.access);
    this.list = new ListAnnouncementsService(deps, this.pending, this.stats, this.access);
    this.active = new ActiveAnnouncements(deps.reads);
    this.banner = new AnnouncementBannerReads(this.active, deps.reads);
    // Told after commit on this node: its publisher and readers see the change on their next page, not after the cache expires.
    deps.events.register((name) => {
      if (name === 'announcement.published' || name === 'announcement.withdrawn') this.active.invalidate();
    });
  }

  /** The unacknowledged active announcements addressed to `userId`, newest first (banner, API, email digest). */
  pendingFor(userId: string): Promise<PendingAnnouncement[]> {
    return this.pending.visibleTo(userId);
  }

  /** Everything currently active for the /announcements page (publishers: all they may know of, with the figures they may read). */
  listActive(actor: AnnouncementActor) {
    return this.list.active(actor);
  }
}

/** Builds the feature from the container's parts (keeps container.ts to a few lines). */
export function createAnnouncements(deps: AnnouncementDeps): Announcements {
  return new Announcements(deps);
}
