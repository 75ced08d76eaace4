/**
 * On web pages, a post's outbound links go through `/go/:postId?u=…` so a
 * click is counted (analytics) before the browser is redirected. Done on the
 * rendered HTML at page time, so the stored post and the API's `content`
 * (which Mastodon clients show) keep the real links.
 */
import { escapeHtml } from '../../domain/text/index.js';
import { safeHttpUrl } from '../../domain/text/links.js';

// Exactly the anchor render.ts emits for a link in the text; mentions, hashtags and plugin links have other attributes and are left alone.
const OUTBOUND = /<a href="([^"]*)" rel="nofollow noopener noreferrer" target="_blank">/gu;

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

function unescapeHtml(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#39|#96);/gu, (entity) => ENTITIES[entity] ?? entity);
}

/** The redirect path that counts a click on `url` in post `postId`. */
export function trackedHref(postId: string, url: string): string {
  return `/go/${encodeURIComponent(postId)}?u=${encodeURIComponent(url)}`;
}

/** `html` with every outbound link of post `postId` pointing at the counting redirect. */
export function trackLinks(postId: string, html: string): string {
  return html.replace(OUTBOUND, (anchor, escapedHref: string) => {
    const url = safeHttpUrl(unescapeHtml(escapedHref));
    if (url === null) return anchor;
    return `<a href="${escapeHtml(trackedHref(postId, url))}" rel="nofollow noopener noreferrer" target="_blank">`;
  });
}
