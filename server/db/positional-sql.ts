/**
 * `:name` placeholders to positional `?` values, for the SQLite read
 * connections (both drivers take positional values only).
 */
const PLACEHOLDER = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * `:name` -> `?` with positional values; arrays become `?, ?, ?` (arrays are
 * only ever IN lists). With `padLists`, a list is lengthened by repeating its
 * last value to a few fixed lengths: `IN (a, b, b)` means `IN (a, b)`, and
 * queries over 17 or 23 ids then share one SQL text, so one prepared statement.
 */
export function toPositional(
  sql: string,
  replacements: Record<string, unknown>,
  options: { padLists?: boolean } = {},
): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in replacements)) throw new Error(`missing value for :${name}`);
    const value = replacements[name];
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`empty list for :${name}`);
      const length = options.padLists ? paddedLength(value.length) : value.length;
      values.push(...value);
      for (let index = value.length; index < length; index += 1) values.push(value[value.length - 1]);
      return Array.from({ length }, () => '?').join(', ');
    }
    values.push(value instanceof Date ? value.toISOString() : value);
    return '?';
  });
  return { sql: text, values };
}

/** 1-4 as they are, then multiples of 8 up to 64, then of 64; past 1,024 as they are (rare, and far from SQLite's variable limit). */
function paddedLength(length: number): number {
  if (length <= 4 || length > 1024) return length;
  if (length <= 64) return Math.ceil(length / 8) * 8;
  return Math.ceil(length / 64) * 64;
}
