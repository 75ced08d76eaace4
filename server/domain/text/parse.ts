import { findLinks } from './links.js';
import type { HashtagToken, MentionToken, ParsedPostText, Token } from './types.js';

/**
 * `@username` where username uses [A-Za-z0-9_.-] (the directory's charset).
 *
 * The lookbehind refuses an `@` glued to a word or to address-ish punctuation,
 * so `bob@example.com`, `josé@example.com`, `first.last@x` and `a/@b` are not
 * mentions. The name must start with [A-Za-z0-9_] so that `@.` or `@-` are
 * just punctuation. Trailing `.`/`-` are trimmed afterwards (see
 * {@link mentionAt}), so "thanks @alice." mentions `alice`.
 */
const MENTION_RE = /(?<![\p{L}\p{N}\p{M}_.+\-@/=#&])@([A-Za-z0-9_][A-Za-z0-9_.-]*)/gu;

/**
 * `#tag` made of Unicode letters, digits, combining marks and underscore.
 *
 * The lookbehind refuses `#` glued to a word (`C#`, `issue#12`), to `&`
 * (HTML entities such as `&#39;` typed literally), to `/` (`path/#anchor`) and
 * to `#` (`##`). Fragments of real URLs never get here: link ranges are
 * excluded before tags are considered.
 */
const HASHTAG_RE = /(?<![\p{L}\p{N}\p{M}_&/=#)\]])#([\p{L}\p{N}\p{M}_]+)/gu;

/** A tag must contain a letter: `#1` is "number one", not a topic. */
const HAS_LETTER_RE = /\p{L}/u;

/** A character that would extend a word: a mention followed by one is not a clean mention. */
const WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;

/**
 * Canonical form of a hashtag, used for storage, lookup and URLs: NFC (so a
 * decomposed `été` typed on one keyboard equals the precomposed one typed on
 * another) then locale-independent lowercase (so `#Launch` and `#launch` are
 * one topic).
 */
export function normalizeHashtag(tag: string): string {
  const bare = tag.startsWith('#') ? tag.slice(1) : tag;
  return bare.normalize('NFC').toLowerCase().normalize('NFC');
}

/** Canonical form of a mentioned username: usernames are case-insensitive. */
export function normalizeUsername(username: string): string {
  const bare = username.startsWith('@') ? username.slice(1) : username;
  return bare.toLowerCase();
}

/**
 * `text` is the post up to the end of the current non-link segment: the
 * lookbehind still sees the real preceding characters, while the match (and
 * the "what follows" check) cannot run into the next link.
 */
function mentionAt(text: string, match: RegExpExecArray): MentionToken | null {
  const start = match.index;
  const greedy = match[1] ?? '';
  const after = text.charAt(start + 1 + greedy.length);
  // `@alice@example.com` is an address, `@aliceé` is not a username of ours.
  if (after === '@' || (after !== '' && WORD_CHAR_RE.test(after))) return null;
  const name = greedy.replace(/[.-]+$/u, '');
  if (name === '') return null;
  const raw = `@${name}`;
  return { type: 'mention', raw, username: normalizeUsername(name), start, end: start + raw.length };
}

function hashtagAt(match: RegExpExecArray): HashtagToken | null {
  const start = match.index;
  const body = match[1] ?? '';
  if (!HAS_LETTER_RE.test(body)) return null;
  const raw = `#${body}`;
  return { type: 'hashtag', raw, tag: normalizeHashtag(body), start, end: start + raw.length };
}

/** Mentions and hashtags in `text[from, to)`, in order. */
function inlineTokens(text: string, from: number, to: number): Array<MentionToken | HashtagToken> {
  if (from >= to) return [];
  const upTo = text.slice(0, to);
  const found: Array<MentionToken | HashtagToken> = [];
  const scan = (re: RegExp, build: (m: RegExpExecArray) => MentionToken | HashtagToken | null): void => {
    re.lastIndex = from;
    for (let m = re.exec(upTo); m !== null; m = re.exec(upTo)) {
      const token = build(m);
      if (token) found.push(token);
    }
  };
  scan(MENTION_RE, (m) => mentionAt(upTo, m));
  scan(HASHTAG_RE, hashtagAt);
  // A mention never contains `#` and a hashtag never contains `@`, so they cannot overlap.
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Splits `text` into text / link / mention / hashtag tokens.
 *
 * Links are found first and win: mentions and hashtags are only looked for
 * between links, so anything inside a URL (`https://x/#anchor`,
 * `https://medium.com/@alice`) is part of the link, and a mention glued to a
 * following URL (`@alice.https://…`) stops where the URL starts.
 * Concatenating every token's `raw` reproduces `text` exactly.
 */
export function tokenizePostText(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const pushText = (end: number): void => {
    for (const token of inlineTokens(text, pos, end)) {
      if (token.start > pos) tokens.push({ type: 'text', raw: text.slice(pos, token.start), start: pos, end: token.start });
      tokens.push(token);
      pos = token.end;
    }
    if (end > pos) tokens.push({ type: 'text', raw: text.slice(pos, end), start: pos, end });
    pos = end;
  };
  for (const link of findLinks(text)) {
    pushText(link.start);
    tokens.push({ type: 'link', raw: link.raw, url: link.raw, href: link.href, start: link.start, end: link.end });
    pos = link.end;
  }
  pushText(text.length);
  return tokens;
}

function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * Parses a post's plain text. Used when a post is created/edited to store its
 * mentions (notifications, direct-post participants), hashtags (tag pages,
 * hashtag streams) and links (previews), and by the HTML renderer.
 */
export function parsePostText(text: string): ParsedPostText {
  const tokens = tokenizePostText(text);
  const mentions: string[] = [];
  const hashtags: string[] = [];
  const links: string[] = [];
  for (const t of tokens) {
    if (t.type === 'mention') mentions.push(t.username);
    else if (t.type === 'hashtag') hashtags.push(t.tag);
    else if (t.type === 'link') links.push(t.url);
  }
  return {
    mentions: uniqueInOrder(mentions),
    hashtags: uniqueInOrder(hashtags),
    links: uniqueInOrder(links),
    tokens,
  };
}
