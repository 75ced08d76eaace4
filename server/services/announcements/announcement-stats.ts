/**
 * What the sender sees: how many people the announcement reached (the active
 * audience as it is now), how many have seen and acknowledged it, and who
 * has not acknowledged yet, also as CSV. Only the sender, and
 * administrators and the communications role who may see the members of
 * every private group it went to, may read it (see announcement-access.ts).
 */
import { stringify } from 'csv-stringify/sync';
import { Op } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import type { AnnouncementAudience } from './announcement-audience.js';
import type { AnnouncementAccess } from './announcement-access.js';
import type { AnnouncementActor, AnnouncementDeps } from './announcement-deps.js';

export interface AnnouncementCounts {
  delivered: number;
  seen: number;
  acknowledged: number;
}

export interface NotAcknowledgedPerson {
  id: string;
  username: string;
  displayName: string;
  department: string | null;
  email: string | null;
  /** When it was first shown to them; null: not seen yet. */
  seenAt: Date | null;
}

export interface AnnouncementStats {
  announcement: AnnouncementModel;
  groupIds: string[];
  counts: AnnouncementCounts;
  /** Who has not acknowledged, by name (at most `limit`). */
  notAcknowledged: NotAcknowledgedPerson[];
  /** How many have not acknowledged in all (the list may be cut at `limit`). */
  notAcknowledgedTotal: number;
}

export class AnnouncementStatsService {
  constructor(
    private readonly deps: Pick<AnnouncementDeps, 'models'>,
    private readonly audience: AnnouncementAudience,
    private readonly access: AnnouncementAccess,
  ) {}

  /** The stats the actor may read; 404 for an unknown id or one whose audience is hidden from the actor, 403 for people without the role. */
  async read(actor: AnnouncementActor, announcementId: string, options: { limit?: number } = {}): Promise<AnnouncementStats> {
    const announcement = await this.authorised(actor, announcementId);
    const [counts, groups, notAcknowledged] = await Promise.all([
      this.counts(announcement),
      this.deps.models.AnnouncementGroup.findAll({ where: { announcementId: announcement.id }, attributes: ['groupId'], raw: true }),
      this.notAcknowledged(announcement, options.limit),
    ]);
    return {
      announcement,
      groupIds: groups.map((group) => group.groupId),
      counts,
      notAcknowledged,
      notAcknowledgedTotal: counts.delivered - counts.acknowledged,
    };
  }

  /** Everyone who has not acknowledged, as CSV (username, name, department, mail, seen at). */
  async csv(actor: AnnouncementActor, announcementId: string): Promise<string> {
    const announcement = await this.authorised(actor, announcementId);
    const people = await this.notAcknowledged(announcement);
    return stringify(
      people.map((person) => [person.username, person.displayName, person.department ?? '', person.email ?? '', person.seenAt?.toISOString() ?? ''].map(safeCell)),
      { header: true, columns: ['username', 'display_name', 'department', 'email', 'seen_at'] },
    );
  }

  /** The three counts, restricted to the current active audience so they never exceed "delivered". */
  async counts(announcement: Pick<AnnouncementModel, 'id' | 'everyone'>): Promise<AnnouncementCounts> {
    const { User } = this.deps.models;
    const [delivered, seen, acknowledged] = await Promise.all([
      User.count({ where: this.audience.people(announcement) }),
      User.count({ where: this.audience.withReceipt(announcement, 'seen_at', true) }),
      User.count({ where: this.audience.withReceipt(announcement, 'acknowledged_at', true) }),
    ]);
    return { delivered, seen, acknowledged };
  }

  private async authorised(actor: AnnouncementActor, announcementId: string): Promise<AnnouncementModel> {
    const announcement = isId(announcementId) ? await this.deps.models.Announcement.findByPk(announcementId) : null;
    if (!announcement) throw notFound('Announcement');
    const access = await this.access.figures(actor, announcement);
    if (access === 'hidden') throw notFound('Announcement');
    if (access === 'forbidden') throw forbidden('Only the sender, administrators and the communications team can read these figures');
    return announcement;
  }

  private async notAcknowledged(announcement: AnnouncementModel, limit?: number): Promise<NotAcknowledgedPerson[]> {
    const people = await this.deps.models.User.findAll({
      where: this.audience.withReceipt(announcement, 'acknowledged_at', false),
      attributes: ['id', 'username', 'displayName', 'department', 'email'],
      order: [['displayName', 'ASC'], ['id', 'ASC']],
      ...(limit ? { limit } : {}),
      raw: true,
    });
    const receipts = await this.deps.models.AnnouncementReceipt.findAll({
      where: { announcementId: announcement.id, userId: { [Op.in]: people.map((person) => person.id) }, seenAt: { [Op.ne]: null } },
      attributes: ['userId', 'seenAt'],
      raw: true,
    });
    const seen = new Map(receipts.map((receipt) => [receipt.userId, receipt.seenAt]));
    return people.map((person) => ({
      id: person.id,
      username: person.username,
      displayName: person.displayName,
      department: person.department,
      email: person.email,
      seenAt: toDate(seen.get(person.id) ?? null),
    }));
  }
}

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is kept as text. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Raw rows give SQLite dates as strings. */
function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
