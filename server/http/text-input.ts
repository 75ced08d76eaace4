/**
 * The one rule for text that people and clients send, whatever the route or
 * the database (docs/api.md, "Text input"): NUL and the other C0 control
 * characters except tab, line feed and carriage return, and lone UTF-16
 * surrogates, are refused with a 422 naming the field. Stripping them would
 * store something other than what was acknowledged; letting them through
 * breaks SQLite lookups (500s) and PostgreSQL, which cannot hold NUL in text
 * and cannot encode a lone surrogate as UTF-8.
 */
import { DomainError } from '../domain/errors.js';

// With the u flag a well-formed surrogate pair is one code point, so \p{Cs} matches only lone halves.
const UNACCEPTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\p{Cs}]/u;

export const isAcceptableText = (text: string): boolean => !UNACCEPTABLE.test(text);

/** A field name fit to echo back: its unacceptable characters shown as U+FFFD. */
const printable = (name: string): string => name.replace(new RegExp(UNACCEPTABLE.source, 'gu'), '\uFFFD');

function holdsUnacceptableText(value: unknown): boolean {
  if (typeof value === 'string') return !isAcceptableText(value);
  if (Array.isArray(value)) return value.some(holdsUnacceptableText);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, inner]) => !isAcceptableText(key) || holdsUnacceptableText(inner));
  }
  return false;
}

/**
 * The first top-level field of a parsed query or body (names included) that
 * holds unacceptable text at any depth, or null. Top-level, because that is
 * the name a client sent and a form shows errors beside.
 */
export function fieldWithUnacceptableText(fields: unknown): string | null {
  if (typeof fields !== 'object' || fields === null) return null;
  for (const [name, value] of Object.entries(fields)) {
    if (!isAcceptableText(name) || holdsUnacceptableText(value)) return printable(name);
  }
  return null;
}

export const controlCharacterRefused = (field: string) =>
  new DomainError('E_CONTROL_CHARACTER', `${field} contains a control character or an unpaired surrogate; only tab, line feed and carriage return are allowed`, 422, field);

/** Throws the 422 for the first offending field of a parsed query or body. */
export function refuseUnacceptableFields(fields: unknown): void {
  const field = fieldWithUnacceptableText(fields);
  if (field !== null) throw controlCharacterRefused(field);
}
