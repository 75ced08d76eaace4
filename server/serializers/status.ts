/**
 * Post -> Mastodon `Status` (the shape Mastodon client libraries expect),
 * with Warble's additions under `warble`. Pure: everything it shows is
 * loaded and permission-checked before (see services/posts/status-presenter.ts).
 */
import type { AttachmentRow, GroupBrief, PostRow } from '../db/repositories/post-read-repository.js';
import { escapeHtml, renderPostHtml, safeHttpUrl } from '../domain/text/index.js';

/** Mastodon's four visibilities; Warble group posts are shown as `private` (members only) plus `warble.group`. */
export type ApiVisibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface ApiMediaAttachment {
  id: string;
  type: 'image' | 'unknown';
  url: string;
  preview_url: string | null;
  remote_url: null;
  description: string | null;
  blurhash: null;
  meta: { original?: { width: number; height: number } } | null;
}

export interface ApiStatus {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  edited_at: string | null;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: ApiVisibility;
  language: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  muted: boolean;
  pinned: boolean;
  content: string;
  text?: string;
  reblog: ApiStatus | null;
  application: null;
  account: object;
  media_attachments: ApiMediaAttachment[];
  mentions: Array<{ id: string; username: string; acct: string; url: string }>;
  tags: Array<{ name: string; url: string }>;
  emojis: [];
  card: null;
  poll: null;
  filtered: [];
  warble: { group: { id: string; slug: string; name: string; visibility: string } | null };
}

export interface StatusInput {
  post: PostRow;
  account: object;
  mentions: Array<{ id: string; username: string }>;
  hashtags: string[];
  group: GroupBrief | null;
  attachments: AttachmentRow[];
  viewer: { liked: boolean; bookmarked: boolean; reposted: boolean };
  reblog: ApiStatus | null;
  baseUrl: string;
  /** Plugins' post.render additions: links inside the text, notes under it (escaped and checked here). */
  additions?: { links: Array<{ text: string; href: string; title?: string }>; footer: Array<{ text: string; href?: string }> } | null;
}

/** Plugin footer notes as HTML: text is escaped, hrefs must be http(s) or same-site paths. */
function renderFooter(footer: ReadonlyArray<{ text: string; href?: string }>): string {
  const items = footer
    .filter((note) => typeof note.text === 'string' && note.text.trim() !== '')
    .map((note) => {
      const href = typeof note.href === 'string' ? (/^\/(?![/\\])/u.test(note.href) ? note.href : safeHttpUrl(note.href)) : null;
      return href
        ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${escapeHtml(note.text)}</a>`
        : `<span>${escapeHtml(note.text)}</span>`;
    });
  return items.length > 0 ? `<p class="plugin-notes">${items.join(' · ')}</p>` : '';
}

export const isoWithMilliseconds = (date: Date) => date.toISOString();

export function apiVisibility(post: Pick<PostRow, 'visibility'>): ApiVisibility {
  if (post.visibility === 'public') return 'public';
  if (post.visibility === 'direct') return 'direct';
  return 'private';
}

export function toApiMediaAttachment(attachment: AttachmentRow, baseUrl: string): ApiMediaAttachment {
  const url = `${baseUrl}/media/${attachment.id}`;
  return {
    id: attachment.id,
    type: attachment.kind === 'image' ? 'image' : 'unknown',
    url,
    preview_url: attachment.previewKey ? `${url}/preview` : attachment.kind === 'image' ? url : null,
    remote_url: null,
    description: attachment.description,
    blurhash: null,
    meta: attachment.width && attachment.height ? { original: { width: attachment.width, height: attachment.height } } : null,
  };
}

export function toApiStatus(input: StatusInput): ApiStatus {
  const { post, baseUrl } = input;
  const known = new Map(input.mentions.map((mention) => [mention.username, mention]));
  const url = `${baseUrl}/@${(input.account as { username?: string }).username ?? ''}/${post.id}`;
  return {
    id: post.id,
    uri: url,
    url,
    created_at: isoWithMilliseconds(post.createdAt),
    edited_at: post.editedAt ? isoWithMilliseconds(post.editedAt) : null,
    in_reply_to_id: post.inReplyToId,
    in_reply_to_account_id: post.inReplyToAuthorId,
    sensitive: false,
    spoiler_text: '',
    visibility: apiVisibility(post),
    language: post.language,
    replies_count: post.repliesCount,
    reblogs_count: post.repostsCount,
    favourites_count: post.likesCount,
    favourited: input.viewer.liked,
    reblogged: input.viewer.reposted,
    bookmarked: input.viewer.bookmarked,
    muted: false,
    pinned: false,
    content: input.reblog
      ? ''
      : renderPostHtml(post.text, {
          mentionHref: (username) => (known.has(username) ? `${baseUrl}/@${encodeURIComponent(username)}` : null),
          hashtagHref: (tag) => `${baseUrl}/tags/${encodeURIComponent(tag)}`,
          textLinks: input.additions?.links,
        }) + renderFooter(input.additions?.footer ?? []),
    reblog: input.reblog,
    application: null,
    account: input.account,
    media_attachments: input.attachments.map((attachment) => toApiMediaAttachment(attachment, baseUrl)),
    mentions: input.mentions.map((mention) => ({
      id: mention.id,
      username: mention.username,
      acct: mention.username,
      url: `${baseUrl}/@${encodeURIComponent(mention.username)}`,
    })),
    tags: input.hashtags.map((tag) => ({ name: tag, url: `${baseUrl}/tags/${encodeURIComponent(tag)}` })),
    emojis: [],
    card: null,
    poll: null,
    filtered: [],
    warble: {
      group: input.group
        ? { id: input.group.id, slug: input.group.slug, name: input.group.name, visibility: input.group.visibility }
        : null,
    },
  };
}
