/**
 * Safe highlighted snippets. The database marks matches with two control
 * characters (never markup: the text around them is a person's post), this
 * file HTML-escapes the whole snippet and only then turns the markers into
 * `<mark>` and `</mark>`. Markers are paired strictly (an open only when
 * closed, a close only when open, an unclosed mark closed at the end), so
 * even a post that itself contains a marker character yields balanced,
 * harmless HTML.
 */
import { escapeHtml } from '../../domain/text/index.js';

/** Start of a match in snippets the database returns (STX). */
export const MARK_OPEN = '\u0002';
/** End of a match (ETX). */
export const MARK_CLOSE = '\u0003';

/** Escaped HTML with `<mark>` around the matches; safe to render unescaped. */
export function highlightToHtml(marked: string): string {
  let html = '';
  let open = false;
  // The markers split the snippet into text pieces, each escaped by the one escaper every page uses.
  for (const piece of marked.split(/([\u0002\u0003])/u)) {
    if (piece === MARK_OPEN) {
      if (!open) html += '<mark>';
      open = true;
    } else if (piece === MARK_CLOSE) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(piece);
    }
  }
  return open ? `${html}</mark>` : html;
}
