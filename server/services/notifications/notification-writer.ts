/**
 * Writes notifications inside the caller's transaction (a notification is
 * part of the write that caused it), never notifies people about their own
 * actions, and skips the types a recipient muted in their settings. Returns
 * what was written so the caller can publish `notification.created` after
 * commit.
 */
import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { NotificationType } from '../../db/models/notification.js';
import { newId } from '../../domain/ids.js';
import { parseMutedTypes } from '../../domain/notification-preferences.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';

export interface NotificationDraft {
  recipientId: string;
  type: NotificationType;
  actorId: string | null;
  postId?: string | null;
  groupId?: string | null;
  /**
   * A mention in a direct message. Written even when the recipient muted
   * mentions: a direct message is addressed to them, and the notification
   * is how they learn it arrived.
   */
  direct?: boolean;
}

export interface WrittenNotification {
  notificationId: string;
  recipientId: string;
}

export class NotificationWriter {
  constructor(
    private readonly models: Models,
    /** notification.beforeSend may drop a notification. */
    private readonly hooks?: PluginHookCalls,
  ) {}

  async write(drafts: NotificationDraft[], transaction: Transaction): Promise<WrittenNotification[]> {
    const wanted = await this.withoutMuted(drafts, transaction);
    const kept = this.hooks ? await this.kept(wanted) : wanted;
    const rows = kept
      .filter((draft) => draft.recipientId !== draft.actorId)
      .map((draft) => ({
        id: newId(),
        recipientId: draft.recipientId,
        type: draft.type,
        actorId: draft.actorId,
        postId: draft.postId ?? null,
        groupId: draft.groupId ?? null,
        readAt: null,
      }));
    if (rows.length === 0) return [];
    await this.models.Notification.bulkCreate(rows, { transaction });
    return rows.map((row) => ({ notificationId: row.id, recipientId: row.recipientId }));
  }

  /** Drops drafts whose recipient muted that type; one query for all recipients, inside the caller's transaction. */
  private async withoutMuted(drafts: NotificationDraft[], transaction: Transaction): Promise<NotificationDraft[]> {
    const recipientIds = [...new Set(drafts.filter((draft) => !draft.direct).map((draft) => draft.recipientId))];
    if (recipientIds.length === 0) return drafts;
    const rows = await this.models.User.findAll({
      where: { id: { [Op.in]: recipientIds }, mutedNotificationTypes: { [Op.ne]: '' } },
      attributes: ['id', 'mutedNotificationTypes'],
      transaction,
    });
    if (rows.length === 0) return drafts;
    const muted = new Map(rows.map((row) => [row.id, parseMutedTypes(row.mutedNotificationTypes)]));
    return drafts.filter((draft) => draft.direct || !muted.get(draft.recipientId)?.includes(draft.type));
  }

  private async kept(drafts: NotificationDraft[]): Promise<NotificationDraft[]> {
    const decided = await Promise.all(drafts.map((draft) => this.hooks!.notification(draft)));
    return decided.filter((draft): draft is NotificationDraft => draft !== null);
  }
}
