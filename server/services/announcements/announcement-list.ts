/**
 * The /announcements page's list: for the people who publish, every active
 * announcement they may know of (with the figures they may read), and what
 * is addressed to anyone else (acknowledged or not).
 */
import { Op, type WhereOptions } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import type { AnnouncementAccess } from './announcement-access.js';
import { activeWhere, canPublishAnnouncements, type AnnouncementActor, type AnnouncementDeps } from './announcement-deps.js';
import type { AnnouncementView, PendingAnnouncementsService } from './announcement-pending.js';
import type { AnnouncementCounts, AnnouncementStatsService } from './announcement-stats.js';

export interface ListedAnnouncement extends AnnouncementView {
  /** Present for people who may read the figures. */
  counts: AnnouncementCounts | null;
}

/** Publishers see at most this many active announcements on one page. */
const LIST_LIMIT = 50;

export class ListAnnouncementsService {
  constructor(
    private readonly deps: Pick<AnnouncementDeps, 'sequelize' | 'models'>,
    private readonly pending: PendingAnnouncementsService,
    private readonly stats: AnnouncementStatsService,
    private readonly access: AnnouncementAccess,
  ) {}

  async active(actor: AnnouncementActor): Promise<ListedAnnouncement[]> {
    if (!canPublishAnnouncements(actor)) {
      const mine = await this.pending.visibleTo(actor.id, { withDismissed: true });
      return mine.map((view) => ({ ...view, counts: null }));
    }
    const candidates = await this.deps.models.Announcement.findAll({
      where: { [Op.and]: [activeWhere(new Date()), this.knownTo(actor.id)] },
      order: [['id', 'DESC']],
      limit: LIST_LIMIT,
    });
    // The query above only keeps the page full; the access rules decide (the same ones as for the figures).
    const facts = await this.access.judge(actor, candidates);
    const rows = candidates.filter((row) => {
      const fact = facts.get(row.id);
      return fact !== undefined && (fact.figures === 'allowed' || fact.addressed);
    });
    const views = await this.pending.views(rows, actor.id);
    const counts = await Promise.all(rows.map((row) => (facts.get(row.id)?.figures === 'allowed' ? this.stats.counts(row) : Promise.resolve(null))));
    return views.map((view, index) => ({ ...view, counts: counts[index] ?? null }));
  }

  /**
   * Announcements a publisher may know of: their own, those addressed to
   * them, and those with no private group whose members they may not see
   * (an announcement's text to a private group is as private as its posts).
   */
  private knownTo(userId: string): WhereOptions<AnnouncementModel> {
    const { sequelize } = this.deps;
    const memberOf = `SELECT m.group_id FROM group_memberships m WHERE m.user_id = ${sequelize.escape(userId)} AND m.state = 'active'`;
    return {
      [Op.or]: [
        { authorId: userId },
        { id: { [Op.in]: sequelize.literal(`(SELECT ag.announcement_id FROM announcement_groups ag WHERE ag.group_id IN (${memberOf}))`) } },
        {
          id: {
            [Op.notIn]: sequelize.literal(
              `(SELECT ag.announcement_id FROM announcement_groups ag JOIN groups g ON g.id = ag.group_id WHERE g.visibility <> 'public' AND g.id NOT IN (${memberOf}))`,
            ),
          },
        },
      ],
    };
  }
}
