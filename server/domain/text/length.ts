import { findLinks } from './links.js';

/**
 * Every link counts as this many characters, whatever its real length (the
 * Mastodon/Twitter convention): authors should not be punished for long
 * tracking-heavy URLs, and the renderer shortens them for display anyway.
 */
export const URL_CHARACTER_COST = 23;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Number of user-perceived characters (extended grapheme clusters). */
function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/**
 * Length of a post as users perceive it: grapheme clusters, so `👍🏽`, a
 * family emoji, a flag or `é` written as e + combining accent each count as 1
 * (counting UTF-16 units or even code points would surprise people with
 * emoji), and every http(s) link counts {@link URL_CHARACTER_COST}.
 */
export function countPostLength(text: string): number {
  let total = 0;
  let pos = 0;
  for (const link of findLinks(text)) {
    total += countGraphemes(text.slice(pos, link.start)) + URL_CHARACTER_COST;
    pos = link.end;
  }
  return total + countGraphemes(text.slice(pos));
}

export type PostTextError =
  | { readonly code: 'E_POST_EMPTY' }
  | { readonly code: 'E_POST_TOO_LONG'; readonly length: number; readonly maxLength: number };

export type PostTextValidation =
  | { readonly ok: true; readonly length: number }
  | { readonly ok: false; readonly error: PostTextError };

/**
 * Characters that render as nothing. A post made only of these (plus
 * whitespace) is empty: otherwise zero-width spaces or Hangul fillers would
 * let people publish visually blank posts.
 */
const INVISIBLE_RE = /[\p{White_Space}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\u034F]/gu;

/**
 * Validates a post's text against the instance's maximum length.
 * `E_POST_EMPTY` for text that is empty or renders blank; `E_POST_TOO_LONG`
 * carries both counts so the UI can say "512 / 500".
 *
 * @throws RangeError when `maxLength` is not a positive integer (a programming/config error, not user input).
 */
export function validatePostText(text: string, maxLength: number): PostTextValidation {
  if (!Number.isInteger(maxLength) || maxLength <= 0) {
    throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
  }
  if (text.replace(INVISIBLE_RE, '') === '') return { ok: false, error: { code: 'E_POST_EMPTY' } };
  const length = countPostLength(text);
  if (length > maxLength) return { ok: false, error: { code: 'E_POST_TOO_LONG', length, maxLength } };
  return { ok: true, length };
}
