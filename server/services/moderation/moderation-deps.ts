/**
 * What the moderation use cases share: the database, the events channel,
 * the audit trail and the access revoker; and who counts as a moderator.
 */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { forbidden } from '../../domain/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventPublisher } from '../events.js';
import type { PostServices } from '../posts/post-services.js';

export interface ModerationDeps {
  sequelize: Sequelize;
  models: Models;
  events: EventPublisher;
  audit: AuditLog;
  revoker: AccessRevoker;
  posts: PostServices;
}

/** The moderator acting, as the audit trail names them. */
export interface Moderator {
  user: Pick<UserModel, 'id' | 'username' | 'isAdmin' | 'isModerator' | 'deactivatedAt' | 'suspendedAt'>;
  /** The address the request came from, for the audit trail. */
  address?: string | null;
}

/** Site administrators and people marked as moderators work the queue; nobody else. */
export function isModerator(user: Pick<UserModel, 'isAdmin' | 'isModerator' | 'deactivatedAt' | 'suspendedAt'> | undefined | null): boolean {
  if (!user || user.deactivatedAt || user.suspendedAt) return false;
  return user.isAdmin || user.isModerator === true;
}

export function assertModerator(moderator: Moderator): void {
  if (!isModerator(moderator.user)) throw forbidden('Moderators only');
}

/** The audit fields naming the moderator. */
export const actorOf = (moderator: Moderator) => ({
  actorId: moderator.user.id,
  actorLabel: moderator.user.username,
  address: moderator.address ?? null,
});
