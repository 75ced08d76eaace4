import { safeHttpUrl } from './links.js';
import { tokenizePostText } from './parse.js';
import type { Token } from './types.js';

export interface RenderPostOptions {
  /**
   * Profile URL for a mentioned (lowercased) username, or `null` when there is
   * no such user; then the mention is rendered as plain text.
   */
  mentionHref(username: string): string | null;
  /** Tag page URL for a normalised tag (no `#`). The caller should percent-encode it. */
  hashtagHref(tag: string): string;
  /**
   * Optional existence check for a (lowercased) username. When given and it
   * returns `false`, the mention is rendered as plain text.
   */
  resolveMention?: (username: string) => boolean;
  /** Maximum visible characters (code points) of a link before it is shortened with `…`. Default 30. */
  maxLinkDisplayLength?: number;
  /**
   * Extra links inside plain text runs (plugins' post.render, e.g. ticket
   * keys): each occurrence of `text` becomes a link to `href` when the href
   * is safe (http(s) or a same-site path); never inside mentions, hashtags
   * or links.
   */
  textLinks?: ReadonlyArray<{ text: string; href: string; title?: string }>;
}

export const DEFAULT_MAX_LINK_DISPLAY_LENGTH = 30;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for an HTML text node *or* a double-quoted attribute value.
 * `&<>` stop markup; `"'` stop attribute break-out (we always double-quote
 * attributes, but single quotes are escaped too in case a template doesn't);
 * `` ` `` closes the legacy backtick-attribute trick. Every user-supplied
 * character that reaches the output goes through this function.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/gu, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Hrefs produced by the application's callbacks (profile and tag URLs) are
 * trusted less than blindly: only a same-origin absolute path (`/…`, but not
 * protocol-relative `//…` or `/\…`) or an http(s) URL is accepted. Anything
 * else makes the token render as plain text, so a misconfigured callback can
 * never introduce `javascript:` or an off-site redirect.
 */
function safeAppHref(href: string): string | null {
  if (/^\/(?![/\\])/u.test(href) && !/[\u0000-\u001f\u007f\s]/u.test(href)) return href;
  return safeHttpUrl(href);
}

/**
 * What a link shows: without the scheme and a leading `www.`, cut to
 * `maxLength` code points plus `…`. The full URL stays in the href. Cutting
 * by code point never splits a surrogate pair (half an emoji).
 */
export function shortenUrlForDisplay(url: string, maxLength = DEFAULT_MAX_LINK_DISPLAY_LENGTH): string {
  const visible = url.replace(/^https?:\/\//iu, '').replace(/^www\./iu, '');
  const points = Array.from(visible);
  if (points.length <= maxLength) return visible;
  return `${points.slice(0, Math.max(1, maxLength)).join('')}…`;
}

/** Escapes a text run and turns its line breaks into `<br>` / paragraph breaks. */
function renderTextRun(raw: string): string {
  return escapeHtml(raw)
    .replace(/\n{2,}/gu, '</p><p>')
    .replace(/\n/gu, '<br>');
}

/** A text run with `textLinks` applied: the earliest, then longest, match wins; the rest stays escaped text. */
function renderTextWithLinks(raw: string, links: NonNullable<RenderPostOptions['textLinks']>): string {
  const usable = links.filter((link) => link.text.length > 0 && !link.text.includes('\n') && safeAppHref(link.href) !== null);
  let html = '';
  let rest = raw;
  while (rest.length > 0) {
    let best: { index: number; link: (typeof usable)[number] } | null = null;
    for (const link of usable) {
      const index = rest.indexOf(link.text);
      if (index < 0) continue;
      if (!best || index < best.index || (index === best.index && link.text.length > best.link.text.length)) best = { index, link };
    }
    if (!best) break;
    const href = safeAppHref(best.link.href)!;
    const title = best.link.title ? ` title="${escapeHtml(best.link.title)}"` : '';
    html += `${renderTextRun(rest.slice(0, best.index))}<a href="${escapeHtml(href)}" class="plugin-link" rel="nofollow noopener noreferrer"${title}>${escapeHtml(best.link.text)}</a>`;
    rest = rest.slice(best.index + best.link.text.length);
  }
  return html + renderTextRun(rest);
}

function renderToken(token: Token, options: RenderPostOptions): string {
  switch (token.type) {
    case 'text':
      return options.textLinks && options.textLinks.length > 0 ? renderTextWithLinks(token.raw, options.textLinks) : renderTextRun(token.raw);
    case 'mention': {
      const exists = options.resolveMention ? options.resolveMention(token.username) : true;
      const href = exists ? options.mentionHref(token.username) : null;
      const safe = href === null ? null : safeAppHref(href);
      if (safe === null) return escapeHtml(token.raw);
      return `<a href="${escapeHtml(safe)}" class="mention">${escapeHtml(token.raw)}</a>`;
    }
    case 'hashtag': {
      const safe = safeAppHref(options.hashtagHref(token.tag));
      if (safe === null) return escapeHtml(token.raw);
      return `<a href="${escapeHtml(safe)}" class="hashtag" rel="tag">${escapeHtml(token.raw)}</a>`;
    }
    case 'link': {
      // Re-checked at render time: the token type alone is not trusted to mean "http(s)".
      const href = safeHttpUrl(token.href);
      if (href === null) return escapeHtml(token.raw);
      const display = shortenUrlForDisplay(token.url, options.maxLinkDisplayLength);
      return `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(display)}</a>`;
    }
  }
}

/**
 * Renders a post's plain text to safe HTML.
 *
 * Why it is shaped like this: the stored text is untrusted user input, so the
 * output is built *only* from escaped text and a fixed set of tags
 * (`<p>`, `<br>`, `<a>`) whose attributes we choose. There is no HTML parsing
 * or sanitising of user markup: `<a href=…>` typed by a user is just text.
 *
 * Line endings are normalised to `\n`; leading/trailing blank lines dropped;
 * a blank line starts a new paragraph, a single newline is `<br>`.
 * Returns `''` for empty text.
 */
export function renderPostHtml(text: string, options: RenderPostOptions): string {
  const normalized = text.replace(/\r\n?/gu, '\n').replace(/^\n+|\s+$/gu, '');
  if (normalized === '') return '';
  const body = tokenizePostText(normalized)
    .map((t) => renderToken(t, options))
    .join('');
  return `<p>${body}</p>`;
}
