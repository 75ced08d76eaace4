/**
 * Who an announcement is for, as database conditions: every active
 * colleague, or the active members of its groups. Computed when asked, never
 * copied per person, so someone who joins a group later sees what is still
 * pinned there, and "delivered" counts the audience as it is now.
 */
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { activeWhere } from './announcement-deps.js';

type Announcement = Pick<AnnouncementModel, 'id' | 'everyone'>;

/** People who can read at all: not deactivated, not suspended, not software. */
const ACTIVE_PEOPLE = { deactivatedAt: null, suspendedAt: null, isBot: false } as const;

export class AnnouncementAudience {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  /** The active people an announcement is addressed to. */
  people(announcement: Announcement): WhereOptions<UserModel> {
    if (announcement.everyone) return { ...ACTIVE_PEOPLE };
    const id = this.sequelize.escape(announcement.id);
    return {
      ...ACTIVE_PEOPLE,
      id: {
        [Op.in]: this.sequelize.literal(
          `(SELECT m.user_id FROM group_memberships m JOIN announcement_groups ag ON ag.group_id = m.group_id WHERE ag.announcement_id = ${id} AND m.state = 'active')`,
        ),
      },
    };
  }

  /** The audience, narrowed to people whose receipt has `column` set (or not). */
  withReceipt(announcement: Announcement, column: 'seen_at' | 'acknowledged_at', present: boolean): WhereOptions<UserModel> {
    const id = this.sequelize.escape(announcement.id);
    const receipts = this.sequelize.literal(`(SELECT r.user_id FROM announcement_receipts r WHERE r.announcement_id = ${id} AND r.${column} IS NOT NULL)`);
    return { [Op.and]: [this.people(announcement), { id: { [present ? Op.in : Op.notIn]: receipts } }] };
  }

  find(announcementId: string): Promise<AnnouncementModel | null> {
    return this.models.Announcement.findByPk(announcementId);
  }

  /** Every active person's id (Mastodon deliveries of an announcement to everyone). */
  async everyoneIds(): Promise<string[]> {
    const rows = await this.models.User.findAll({ where: { ...ACTIVE_PEOPLE }, attributes: ['id'], raw: true });
    return rows.map((row) => row.id);
  }

  /** Everyone's ids, or null when it is addressed to everyone (live delivery then broadcasts). */
  async userIds(announcement: Announcement): Promise<string[] | null> {
    if (announcement.everyone) return null;
    const rows = await this.models.User.findAll({ where: this.people(announcement), attributes: ['id'], raw: true });
    return rows.map((row) => row.id);
  }

  async includes(announcement: Announcement, userId: string): Promise<boolean> {
    const found = await this.models.User.count({ where: { [Op.and]: [this.people(announcement), { id: userId }] } });
    return found > 0;
  }

  /** Active announcements addressed to `userId` (by default only those they have not acknowledged), newest first. */
  async activeFor(userId: string, now: Date, options: { limit: number; includeAcknowledged?: boolean }): Promise<AnnouncementModel[]> {
    const user = this.sequelize.escape(userId);
    const unacknowledged = {
      id: {
        [Op.notIn]: this.sequelize.literal(
          `(SELECT r.announcement_id FROM announcement_receipts r WHERE r.user_id = ${user} AND r.acknowledged_at IS NOT NULL)`,
        ),
      },
    };
    return this.models.Announcement.findAll({
      where: {
        [Op.and]: [
          activeWhere(now),
          {
            [Op.or]: [
              { everyone: true },
              {
                id: {
                  [Op.in]: this.sequelize.literal(
                    `(SELECT ag.announcement_id FROM announcement_groups ag JOIN group_memberships m ON m.group_id = ag.group_id WHERE m.user_id = ${user} AND m.state = 'active')`,
                  ),
                },
              },
            ],
          },
          ...(options.includeAcknowledged ? [] : [unacknowledged]),
        ],
      },
      order: [['id', 'DESC']],
      limit: options.limit,
    });
  }
}
