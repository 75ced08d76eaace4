/**
 * Records who did what for IT, legal and security: sign-ins (with address),
 * administrative actions, token creation, directory syncs, backups, exports.
 *
 * Recording never fails the action it describes (the action already
 * happened); a failure to record is logged at error level instead, so a
 * broken audit trail is visible in the logs.
 */
import type { AuditEntry, AuditRepository } from '../../db/repositories/audit-repository.js';
import type { Logger } from '../../logging/logger.js';

/** Actions Warble records; the prefix before the dot groups them for search. */
export type AuditAction =
  | 'sign-in.succeeded'
  | 'sign-in.failed'
  | 'sign-in.limit-reached'
  | 'user.created'
  /** SCIM changed a person's profile (server/services/scim). */
  | 'user.updated'
  /** SCIM deleted a person: deactivated, no longer known to SCIM, posts kept. */
  | 'user.deprovisioned'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.role-changed'
  /** A person edited their own profile; detail.fields names what changed, never the values. */
  | 'profile.updated'
  | 'group.created'
  | 'group.updated'
  | 'group.archived'
  | 'group.unarchived'
  | 'token.created'
  | 'directory.sync'
  | 'backup.created'
  | 'export.created'
  | 'settings.changed'
  | 'plugin.changed'
  | 'retention.purged'
  | 'hold.placed'
  | 'hold.released'
  | 'digest.unsubscribed'
  | 'moderation.report'
  | 'moderation.hide'
  | 'moderation.unhide'
  | 'moderation.delete'
  | 'moderation.suspend'
  | 'moderation.reinstate'
  | 'moderation.resolve'
  | 'official.created'
  | 'official.marked'
  | 'official.publisherAdded'
  | 'official.publisherRemoved'
  | 'official.posted'
  | 'announcement.published'
  | 'announcement.withdrawn'
  | 'invitation.created'
  | 'invitation.resent'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'password-reset.requested'
  | 'password-reset.completed';

export type AuditRecord = Omit<AuditEntry, 'action'> & { action: AuditAction };

export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.repository.append(entry);
    } catch (error) {
      this.logger.error({ err: error, audit: { ...entry, detail: undefined } }, 'audit entry could not be written');
    }
  }
}
