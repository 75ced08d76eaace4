/**
 * What the announcement use cases share: the database, the events channel,
 * the audit trail; who may publish (administrators and the communications
 * role) and the rules of an active announcement.
 */
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import type { Models } from '../../db/models/index.js';
import type { ReadQueries } from '../../db/read-queries.js';
import type { UserModel } from '../../db/models/user.js';
import { forbidden } from '../../domain/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventPublisher } from '../events.js';

export interface AnnouncementDeps {
  sequelize: Sequelize;
  models: Models;
  /** Raw SELECTs on the hot-read connections (the banner every timeline page shows). */
  reads: ReadQueries;
  events: EventPublisher;
  audit: AuditLog;
  /** Links in rendered announcements and API answers start here (the public URL, no trailing slash). */
  baseUrl: string;
}

/** The person acting, as the use cases and the audit trail need them. */
export type AnnouncementActor = Pick<UserModel, 'id' | 'username' | 'isAdmin' | 'isCommunicator' | 'deactivatedAt' | 'suspendedAt'>;

/** Request facts for the audit trail. */
export interface ActingRequest {
  user: AnnouncementActor;
  address?: string | null;
}

/** Administrators and people with the communications role publish announcements. */
export function canPublishAnnouncements(user: Partial<AnnouncementActor> | undefined | null): boolean {
  if (!user || user.deactivatedAt || user.suspendedAt) return false;
  return user.isAdmin === true || user.isCommunicator === true;
}

export function assertPublisher(user: AnnouncementActor): void {
  if (!canPublishAnnouncements(user)) throw forbidden('Only administrators and the communications team can publish announcements');
}

/**
 * The role part of reading an announcement's figures: its sender,
 * administrators and communicators. Never enough on its own: the figures of
 * an announcement to a private group list that group's members, so
 * `AnnouncementAccess` (announcement-access.ts) also requires that the
 * reader may see them.
 */
export function holdsFiguresRole(user: AnnouncementActor, announcement: Pick<AnnouncementModel, 'authorId'>): boolean {
  if (user.deactivatedAt || user.suspendedAt) return false;
  return announcement.authorId === user.id || canPublishAnnouncements(user);
}

/** Started, not expired, not withdrawn: what still pins. */
export function activeWhere(now: Date): WhereOptions<AnnouncementModel> {
  return {
    withdrawnAt: null,
    startsAt: { [Op.lte]: now },
    [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }],
  };
}

/** The audit fields naming the person acting. */
export const actorOf = (request: ActingRequest) => ({
  actorId: request.user.id,
  actorLabel: request.user.username,
  address: request.address ?? null,
});
