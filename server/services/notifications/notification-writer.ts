/**
 * Writes notifications inside the caller's transaction (a notification is
 * part of the write that caused it), and never notifies people about their
 * own actions. Returns what was written so the caller can publish
 * `notification.created` after commit.
 */
import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { NotificationType } from '../../db/models/notification.js';
import { newId } from '../../domain/ids.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';

export interface NotificationDraft {
  recipientId: string;
  type: NotificationType;
  actorId: string | null;
  postId?: string | null;
  groupId?: string | null;
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
    const kept = this.hooks ? await this.kept(drafts) : drafts;
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

  private async kept(drafts: NotificationDraft[]): Promise<NotificationDraft[]> {
    const decided = await Promise.all(drafts.map((draft) => this.hooks!.notification(draft)));
    return decided.filter((draft): draft is NotificationDraft => draft !== null);
  }
}
