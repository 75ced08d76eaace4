/**
 * One version of an edited post as Mastodon's `StatusEdit`
 * (GET /api/v1/statuses/:id/history), and the editable `StatusSource`.
 * Pure: callers load and permission-check first.
 */
import { renderPostHtml } from '../domain/text/index.js';
import type { ApiMediaAttachment } from './status.js';

export interface ApiStatusEdit {
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  created_at: string;
  account: object;
  poll: null;
  media_attachments: ApiMediaAttachment[];
  emojis: [];
}

export interface ApiStatusSource {
  id: string;
  text: string;
  spoiler_text: string;
}

export interface StatusVersion {
  text: string;
  createdAt: Date;
}

export function toApiStatusEdit(
  version: StatusVersion,
  shared: { account: object; knownUsernames: ReadonlySet<string>; mediaAttachments: ApiMediaAttachment[]; baseUrl: string },
): ApiStatusEdit {
  const { baseUrl } = shared;
  return {
    content: renderPostHtml(version.text, {
      mentionHref: (username) => (shared.knownUsernames.has(username) ? `${baseUrl}/@${encodeURIComponent(username)}` : null),
      hashtagHref: (tag) => `${baseUrl}/tags/${encodeURIComponent(tag)}`,
    }),
    spoiler_text: '',
    sensitive: false,
    created_at: version.createdAt.toISOString(),
    account: shared.account,
    poll: null,
    media_attachments: shared.mediaAttachments,
    emojis: [],
  };
}

export function toApiStatusSource(post: { id: string; text: string }): ApiStatusSource {
  return { id: post.id, text: post.text, spoiler_text: '' };
}
