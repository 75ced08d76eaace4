/**
 * What a person wants to hear about: which notification types they muted
 * and how often the email digest comes. Stored on `users` as plain columns
 * (`muted_notification_types` is a comma-separated list) so the notification
 * writer and the digest job read them without a join.
 */
import type { NotificationType } from '../db/models/notification.js';
import { validationError } from './errors.js';

/** Every notification type, in the order the settings page lists them. */
export const NOTIFICATION_TYPES = [
  'mention',
  'reply',
  'repost',
  'like',
  'follow',
  'group_invite',
  'group_join_request',
  'saved_search',
] as const satisfies readonly NotificationType[];

export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export interface NotificationPreferences {
  digestFrequency: DigestFrequency;
  mutedNotificationTypes: NotificationType[];
}

const isNotificationType = (value: string): value is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(value);
const isDigestFrequency = (value: string): value is DigestFrequency => (DIGEST_FREQUENCIES as readonly string[]).includes(value);

/** The stored column back to a list; unknown entries (a type since removed) are ignored rather than fatal. */
export function parseMutedTypes(stored: string): NotificationType[] {
  return stored.split(',').filter(isNotificationType);
}

/** A list to the stored column: known types only, once each, in a stable order. */
export function formatMutedTypes(types: readonly NotificationType[]): string {
  return NOTIFICATION_TYPES.filter((type) => types.includes(type)).join(',');
}

/**
 * Checks a submitted form: `notify` holds the types the person still wants
 * (a checked box), so everything else is muted. Throws E_VALIDATION on the
 * offending field.
 */
export function checkedPreferences(input: { digest: string; notify: readonly string[] }): NotificationPreferences {
  if (!isDigestFrequency(input.digest)) throw validationError('digest', 'Choose off, daily or weekly');
  const unknown = input.notify.find((value) => !isNotificationType(value));
  if (unknown !== undefined) throw validationError('notify', `Unknown notification type: ${unknown}`);
  return {
    digestFrequency: input.digest,
    mutedNotificationTypes: NOTIFICATION_TYPES.filter((type) => !input.notify.includes(type)),
  };
}
