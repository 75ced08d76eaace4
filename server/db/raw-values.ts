/**
 * Raw SQL results differ by dialect: SQLite returns dates as text and
 * booleans as 0/1, PostgreSQL returns Date and boolean. Hot read paths use raw
 * queries, so they normalise through these.
 */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export function toInt(value: unknown): number {
  return typeof value === 'number' ? value : Number.parseInt(String(value ?? 0), 10) || 0;
}
