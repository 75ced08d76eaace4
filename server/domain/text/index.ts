/**
 * Post text domain: parsing, safe HTML rendering and length rules.
 * Pure functions only (no I/O).
 */
export type { Token, TextToken, MentionToken, HashtagToken, LinkToken, ParsedPostText } from './types.js';
export { parsePostText, tokenizePostText, normalizeHashtag, normalizeUsername } from './parse.js';
export {
  renderPostHtml,
  escapeHtml,
  shortenUrlForDisplay,
  DEFAULT_MAX_LINK_DISPLAY_LENGTH,
  type RenderPostOptions,
} from './render.js';
export {
  countPostLength,
  validatePostText,
  URL_CHARACTER_COST,
  type PostTextError,
  type PostTextValidation,
} from './length.js';
export { safeHttpUrl } from './links.js';
