/**
 * Turns what a person typed into a search expression the database cannot
 * misread: an FTS5 MATCH string on SQLite, a to_tsquery string on PostgreSQL.
 *
 * Input is never passed through. It is cut into words (runs of letters and
 * digits; everything else separates), so no quote, star, colon, bracket or
 * operator of either query language survives into the output except the ones
 * this file writes. What people can say:
 *   - words: all must match (`deploy failed`);
 *   - "a phrase": the words in that order;
 *   - word*: a prefix;
 *   - -word or NOT word: must not match;
 *   - a OR b: either (binds the neighbouring words, as Google does).
 * Parentheses, AND, and stray operators are ignored rather than refused.
 */
import { validationError } from '../../domain/errors.js';

/** Longest query accepted, in characters (longer is a 422). */
export const MAX_QUERY_LENGTH = 200;
/** Words beyond this many are ignored: a search box is not a query language, and each term costs an index lookup. */
export const MAX_TERMS = 12;

/** One searchable unit: a word, a phrase (several words in order), optionally a prefix. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

/**
 * The parsed query: every group must match (each group is one term or
 * several joined by OR); no excluded term may match.
 */
export interface ParsedQuery {
  groups: SearchTerm[][];
  excluded: SearchTerm[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Letters and digits only, lowercased: the alphabet of both tokenizers. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).slice(0, MAX_TERMS);
}

interface Token {
  kind: 'term' | 'or' | 'not';
  term?: SearchTerm;
  negated?: boolean;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  // A phrase in double quotes (unterminated: to the end), or a run of non-space.
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of input.matchAll(pattern)) {
    const [, minus, phrase, bare] = match;
    if (phrase !== undefined) {
      const words = wordsOf(phrase);
      if (words.length > 0) tokens.push({ kind: 'term', term: { words, prefix: false }, negated: minus === '-' });
      continue;
    }
    const raw = (bare ?? '').replace(/[()]/g, '');
    if (raw === 'OR' || raw === '|') tokens.push({ kind: 'or' });
    else if (raw === 'NOT') tokens.push({ kind: 'not' });
    else if (raw === 'AND' || raw === '') continue;
    else {
      const negated = raw.startsWith('-');
      const words = wordsOf(raw);
      if (words.length === 0) continue;
      // "release-notes" is a phrase of two words; only a single word may be a prefix.
      const prefix = words.length === 1 && raw.endsWith('*');
      tokens.push({ kind: 'term', term: { words, prefix }, negated });
    }
  }
  return tokens;
}

/**
 * Parses a search box's text. Throws E_VALIDATION (422) when it is too long
 * or has nothing to search for (empty, only punctuation, only exclusions).
 */
export function parseSearchQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) throw validationError('q', `Search for at most ${MAX_QUERY_LENGTH} characters`);
  const groups: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  let pendingOr = false;
  let pendingNot = false;
  let count = 0;
  for (const token of tokenize(input)) {
    if (token.kind === 'or') {
      pendingOr = groups.length > 0;
      continue;
    }
    if (token.kind === 'not') {
      pendingNot = true;
      continue;
    }
    if (count >= MAX_TERMS) break;
    count += 1;
    const term = token.term!;
    if (token.negated || pendingNot) excluded.push(term);
    else if (pendingOr) groups[groups.length - 1]!.push(term);
    else groups.push([term]);
    pendingOr = false;
    pendingNot = false;
  }
  if (groups.length === 0) throw validationError('q', 'Type at least one word to search for');
  return { groups, excluded };
}

/** Normal form of a query for storing and comparing saved searches: trimmed, single spaces. */
export function normalizeQueryText(input: string): string {
  return input.trim().replace(/\s+/g, ' ');
}

// ---- SQLite FTS5 -------------------------------------------------------------

/** A term as an FTS5 string: the words are letters and digits only, so the quotes need no escaping. */
function ftsTerm(term: SearchTerm): string {
  return `"${term.words.join(' ')}"${term.prefix ? '*' : ''}`;
}

/** The FTS5 MATCH expression: `(g1) AND (a OR b) NOT (x OR y)`. */
export function toFtsMatch(query: ParsedQuery): string {
  const positive = query.groups.map((group) => `(${group.map(ftsTerm).join(' OR ')})`).join(' AND ');
  if (query.excluded.length === 0) return positive;
  return `(${positive}) NOT (${query.excluded.map(ftsTerm).join(' OR ')})`;
}

/**
 * For people: every word of every positive term becomes a prefix ("ann sm"
 * finds Ann Smith). Exclusions still apply.
 */
export function toPeopleFtsMatch(query: ParsedQuery): string {
  return toFtsMatch(asPrefixes(query));
}

// ---- PostgreSQL tsquery ------------------------------------------------------

/** A term as tsquery text: lexemes are letters and digits only (no quoting needed); a phrase uses <->. */
function tsTerm(term: SearchTerm): string {
  const text = term.words.join(' <-> ');
  return term.prefix ? `${text}:*` : text;
}

/** Text for `to_tsquery(config, :q)`: `(a) & (b | c) & !(x | y)`. */
export function toTsQuery(query: ParsedQuery): string {
  const positive = query.groups.map((group) => `(${group.map(tsTerm).join(' | ')})`).join(' & ');
  if (query.excluded.length === 0) return positive;
  return `${positive} & !(${query.excluded.map(tsTerm).join(' | ')})`;
}

/** People on PostgreSQL: every word a prefix, as on SQLite. */
export function toPeopleTsQuery(query: ParsedQuery): string {
  return toTsQuery(asPrefixes(query));
}

/** Each word of each positive term as its own prefix term (phrases do not help when matching names). */
function asPrefixes(query: ParsedQuery): ParsedQuery {
  return {
    groups: query.groups.flatMap((group) => {
      const prefixes = (term: SearchTerm) => term.words.map((word) => ({ words: [word], prefix: true }));
      // One term: each of its words must match. Several (OR): any word of any of them.
      return group.length === 1 ? prefixes(group[0]!).map((term) => [term]) : [group.flatMap(prefixes)];
    }),
    excluded: query.excluded,
  };
}

/** The plain words of a query, for LIKE-based matching (groups, hashtags). */
export function plainWords(query: ParsedQuery): string[] {
  return query.groups.flatMap((group) => group.flatMap((term) => term.words));
}
