/**
 * The pinned banner every timeline page shows above its posts: the viewer's
 * unacknowledged announcements. Loading it marks them seen (the sender's
 * "seen" figure), writing only the first time each is shown. The active
 * announcements come from a list reread every few seconds per node; the
 * viewer's receipts are read on every page
 * (services/announcements/announcement-banner-reads.ts).
 */
import type { Container } from '../../../container.js';
import type { AnnouncementAccessFacts } from '../../../services/announcements/announcement-access.js';
import { canPublishAnnouncements, type AnnouncementView } from '../../../services/announcements/announcement-services.js';
import type { AppContext } from '../../context.js';
import { viewerContextOf } from '../../viewer.js';

/** One pinned announcement, and whether the viewer may open its figures (the banner then links to them). */
export interface BannerItem extends AnnouncementView {
  figures: boolean;
}

/** What `views/partials/announcements.hbs` reads. */
export interface AnnouncementBanner {
  items: BannerItem[];
  /** The viewer may publish. */
  canPublish: boolean;
}

/** The banner for the signed-in viewer of this page (null when nobody is signed in). */
export async function announcementBanner(ctx: AppContext, deps: Pick<Container, 'announcements' | 'models'>): Promise<AnnouncementBanner | null> {
  const user = ctx.state.user;
  if (!user) return null;
  const viewer = await viewerContextOf(ctx, deps.models);
  const { items, unseen } = await deps.announcements.banner.pendingFor(user.id, viewer);
  await deps.announcements.receipts.markSeen(user.id, unseen);
  const canPublish = canPublishAnnouncements(user);
  // Publishing is not enough to open the figures (a private group's roster): ask per announcement, only when there is a link to show.
  const facts = canPublish && items.length > 0 ? await deps.announcements.access.judgeIds(user, items.map((item) => item.id), viewer) : new Map<string, AnnouncementAccessFacts>();
  return { items: items.map((item) => ({ ...item, figures: facts.get(item.id)?.figures === 'allowed' })), canPublish };
}
