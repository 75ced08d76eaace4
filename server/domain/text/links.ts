import { LinkifyIt } from 'linkify-it';

/**
 * URL detection is delegated to linkify-it (the markdown-it linkifier): URL
 * grammar, balanced parentheses (`https://en.wikipedia.org/wiki/Foo_(bar)`) and
 * trailing punctuation (`see https://x.com/a.`) are subtle, and a maintained
 * library gets them right far more often than a hand-written regex.
 *
 * Configuration, and why:
 *  - only explicit `http://` / `https://` links: bare domains (`example.com`)
 *    are not linked because version numbers, file names and sentences
 *    ("node.js", "v1.2") would turn into surprise links;
 *  - `ftp:`, `mailto:` and protocol-relative `//` schemes disabled: the
 *    renderer only ever emits http(s) hrefs;
 *  - no fuzzy emails: we are not linking emails, and `bob@example.com` must stay
 *    plain text (the mention scanner separately refuses `@` inside words).
 */
const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null);

export interface FoundLink {
  readonly start: number;
  readonly end: number;
  readonly raw: string;
  readonly href: string;
}

/**
 * Returns the WHATWG-serialised URL if `candidate` is an absolute http(s) URL
 * (the WHATWG parser requires a host for these), otherwise `null`. Used both when detecting links and,
 * defensively, when rendering hrefs: anything else (`javascript:`, `data:`,
 * `vbscript:`, relative or malformed URLs) is refused.
 */
export function safeHttpUrl(candidate: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href;
}

/** All http(s) links in `text`, in order, non-overlapping. */
export function findLinks(text: string): FoundLink[] {
  if (!linkify.test(text)) return [];
  const found: FoundLink[] = [];
  for (const m of linkify.match(text) ?? []) {
    const href = safeHttpUrl(m.url);
    if (href === null) continue;
    found.push({ start: m.index, end: m.lastIndex, raw: m.raw, href });
  }
  return found;
}
