/**
 * The dashboard's date range: two calendar days (`from`, `to`, both included)
 * read on the reader's clock. Defaults to the last 28 days; at most 366 days,
 * so one page never reads years of events. Bad input is reported per field
 * (translation keys) and the default range is shown instead.
 */
import { addDays, daysBetween, startOfDay, zonedParts } from './time-zones.js';

export const DEFAULT_DAYS = 28;
export const MAX_DAYS = 366;

export interface DateRange {
  from: string;
  to: string;
  days: string[];
  /** Local midnight of `from`, inclusive. */
  start: Date;
  /** Local midnight after `to`, exclusive. */
  end: Date;
}

export interface ParsedRange {
  range: DateRange;
  /** Field -> translation key, empty when the input was good. */
  errors: Record<string, string>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/u;

function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 2000 && year <= 2999;
}

/** The range for these days in `zone`. */
export function rangeOf(from: string, to: string, zone: string): DateRange {
  return { from, to, days: daysBetween(from, to), start: startOfDay(from, zone), end: startOfDay(addDays(to, 1), zone) };
}

/** Reads `from` / `to` (`YYYY-MM-DD`, either may be empty) against today in `zone`. */
export function parseDateRange(input: { from?: unknown; to?: unknown }, zone: string, now: Date = new Date()): ParsedRange {
  const today = zonedParts(now, zone).day;
  const fallback = rangeOf(addDays(today, -(DEFAULT_DAYS - 1)), today, zone);
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const rawFrom = text(input.from);
  const rawTo = text(input.to);
  const errors: Record<string, string> = {};
  if (rawFrom !== '' && !isCalendarDay(rawFrom)) errors.from = 'analytics.errors.badDate';
  if (rawTo !== '' && !isCalendarDay(rawTo)) errors.to = 'analytics.errors.badDate';
  if (Object.keys(errors).length > 0) return { range: fallback, errors };
  const to = rawTo === '' ? today : rawTo;
  const from = rawFrom === '' ? addDays(to, -(DEFAULT_DAYS - 1)) : rawFrom;
  if (from > to) return { range: fallback, errors: { from: 'analytics.errors.fromAfterTo' } };
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (span > MAX_DAYS) {
    return { range: fallback, errors: { from: 'analytics.errors.tooLong' } };
  }
  return { range: rangeOf(from, to, zone), errors: {} };
}
