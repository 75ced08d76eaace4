/**
 * Search filters built as ldapts Filter objects. Configured filters (trusted
 * admin text) are parsed once; anything typed by a user only ever becomes the
 * value of an EqualityFilter, which travels as a BER octet string and can never
 * change the filter's structure (no string concatenation, no injection).
 */
import { AndFilter, EqualityFilter, type Filter, FilterParser, OrFilter } from 'ldapts';

/**
 * Parses a filter written in config. Accepts the outer parentheses being
 * omitted (`objectClass=person`). Throws the parser's error on bad syntax.
 */
export function parseConfiguredFilter(text: string): Filter {
  const trimmed = text.trim();
  const wrapped = trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
  // ldapts silently closes missing parentheses ("(&(a=b)" parses); a typo must not widen the filter.
  const opened = (wrapped.match(/\(/g) ?? []).length;
  const closed = (wrapped.match(/\)/g) ?? []).length;
  if (opened !== closed) throw new Error(`unbalanced parentheses (${opened} "(" vs ${closed} ")")`);
  return FilterParser.parseString(wrapped);
}

/** `(attribute=value)` with `value` taken literally (user input is safe here). */
export function equals(attribute: string, value: string): Filter {
  return new EqualityFilter({ attribute, value });
}

/** `(&...)` of the given filters; a single filter is returned as is. */
export function allOf(...filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : new AndFilter({ filters });
}

/** `(|(a1=login)(a2=login)...)`: the login may be any of the login attributes. */
export function loginMatches(loginAttributes: readonly string[], login: string): Filter {
  const filters = loginAttributes.map((attribute) => equals(attribute, login));
  return filters.length === 1 ? filters[0]! : new OrFilter({ filters });
}
