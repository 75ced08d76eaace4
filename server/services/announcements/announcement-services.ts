/**
 * The announcements feature behind one container field
 * (`container.announcements`): each use case lives in its own file; this
 * facade builds them from the container's parts and names the calls the
 * routes, the live layer and other features (email digests) make.
 */
import { AnnouncementAccess } from './announcement-access.js';
import { AnnouncementAudience } from './announcement-audience.js';
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

  constructor(deps: AnnouncementDeps) {
    this.audience = new AnnouncementAudience(deps.sequelize, deps.models);
    this.access = new AnnouncementAccess(deps);
    this.publishing = new PublishAnnouncementService(deps);
    this.pending = new PendingAnnouncementsService(deps, this.audience);
    this.receipts = new AnnouncementReceiptsService(deps, this.audience);
    this.stats = new AnnouncementStatsService(deps, this.audience, this.access);
    this.withdrawal = new WithdrawAnnouncementService(deps, this.access);
    this.list = new ListAnnouncementsService(deps, this.pending, this.stats, this.access);
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
