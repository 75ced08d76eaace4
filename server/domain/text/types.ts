/**
 * Token model for a post's plain text.
 *
 * A post is stored as the plain text the author typed. Everything richer
 * (links, mentions, hashtags, HTML) is *derived* from it by the functions in
 * this folder, so the stored text can never carry markup and the derivation
 * rules can evolve without migrating data.
 *
 * Offsets (`start`, `end`) are UTF-16 code-unit indices into the parsed string
 * (what `String.prototype.slice` uses), half-open: `text.slice(start, end) === raw`.
 */

/** A run of ordinary text (may contain newlines). */
export interface TextToken {
  readonly type: 'text';
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

/** `@username`: `raw` is as typed (with the `@`), `username` is lowercased. */
export interface MentionToken {
  readonly type: 'mention';
  readonly raw: string;
  readonly username: string;
  readonly start: number;
  readonly end: number;
}

/** `#tag`: `raw` is as typed (with the `#`), `tag` is normalised (NFC, lowercase, no `#`). */
export interface HashtagToken {
  readonly type: 'hashtag';
  readonly raw: string;
  readonly tag: string;
  readonly start: number;
  readonly end: number;
}

/**
 * An http(s) URL. `raw`/`url` are the URL exactly as written in the text;
 * `href` is its WHATWG-serialised form (percent-encoded, punycode host),
 * guaranteed to use the `http:` or `https:` scheme.
 */
export interface LinkToken {
  readonly type: 'link';
  readonly raw: string;
  readonly url: string;
  readonly href: string;
  readonly start: number;
  readonly end: number;
}

export type Token = TextToken | MentionToken | HashtagToken | LinkToken;

export interface ParsedPostText {
  /** Lowercased usernames, unique, in order of first appearance. */
  readonly mentions: string[];
  /** Normalised tags (NFC, lowercase, without `#`), unique, in order of first appearance. */
  readonly hashtags: string[];
  /** URLs as written in the text, unique, in order of first appearance. */
  readonly links: string[];
  /** The whole text as a sequence of tokens; concatenating every `raw` gives back the input. */
  readonly tokens: Token[];
}
