/**
 * Warble notifications as Mastodon Notification entities
 * (https://docs.joinmastodon.org/entities/Notification/). Mastodon has no
 * `reply` type, so replies are `mention` there; Warble's own type is always
 * in `warble_type`. Group invitations and join requests keep Warble's names
 * and carry the `group`. `read` is Warble's per-notification flag (Mastodon
 * clients use the notifications marker instead; both are the same fact).
 */
import type { NotificationModel, NotificationType } from '../db/models/notification.js';
import type { ApiGroup } from './group.js';
import type { ApiStatus } from './status.js';

export type ApiNotificationType = 'mention' | 'reblog' | 'favourite' | 'follow' | 'group_invite' | 'group_join_request' | 'status';

export const API_NOTIFICATION_TYPE: Readonly<Record<NotificationType, ApiNotificationType>> = {
  mention: 'mention',
  reply: 'mention',
  repost: 'reblog',
  like: 'favourite',
  follow: 'follow',
  group_invite: 'group_invite',
  group_join_request: 'group_join_request',
  // Mastodon's `status` ("someone posted"): a post matching a watched saved search.
  saved_search: 'status',
};

const WARBLE_TYPES = Object.keys(API_NOTIFICATION_TYPE) as NotificationType[];

/**
 * The Warble types a `types[]`/`exclude_types[]` filter names: Mastodon's
 * names (`mention` covers replies too) and Warble's own (`reply`, `repost`,
 * `like`). Unknown names are ignored, as Mastodon does.
 */
export function warbleTypesNamed(names: readonly string[]): NotificationType[] {
  const wanted = new Set<NotificationType>();
  for (const name of names) {
    for (const type of WARBLE_TYPES) {
      if (type === name || API_NOTIFICATION_TYPE[type] === name) wanted.add(type);
    }
  }
  return [...wanted];
}

export interface ApiNotification {
  id: string;
  type: ApiNotificationType;
  created_at: string;
  account: object | null;
  status: ApiStatus | null;
  group: ApiGroup | null;
  read: boolean;
  warble_type: NotificationType;
}

export function toApiNotification(
  row: NotificationModel,
  shown: { account: object | null; status: ApiStatus | null; group: ApiGroup | null },
): ApiNotification {
  return {
    id: row.id,
    type: API_NOTIFICATION_TYPE[row.type],
    created_at: row.createdAt.toISOString(),
    account: shown.account,
    status: shown.status,
    group: shown.group,
    read: row.readAt !== null,
    warble_type: row.type,
  };
}

/** Mastodon's Marker entity for the notifications timeline. */
export interface ApiMarker {
  last_read_id: string;
  version: number;
  updated_at: string;
}
