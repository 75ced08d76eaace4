/**
 * Dates, relative times and numbers in the page's language, with Intl. The
 * formatters are built once per language: constructing an Intl formatter
 * costs far more than using one, and a timeline page formats dozens.
 */
import type { Language } from '../../config/schema.js';

interface Formatters {
  number: Intl.NumberFormat;
  relative: Intl.RelativeTimeFormat;
  full: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
}

const cache = new Map<string, Formatters>();

function formattersFor(lang: Language | string): Formatters {
  let formatters = cache.get(lang);
  if (!formatters) {
    formatters = {
      number: new Intl.NumberFormat(lang),
      relative: new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' }),
      full: new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }),
      day: new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }),
    };
    cache.set(lang, formatters);
  }
  return formatters;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "il y a 3 min", "2 h ago"; older than a week becomes a plain date. */
export function relativeTime(date: Date, lang: Language | string, now: number = Date.now()): string {
  const f = formattersFor(lang);
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return f.relative.format(0, 'second');
  if (abs < HOUR) return f.relative.format(Math.round(seconds / MINUTE), 'minute');
  if (abs < DAY) return f.relative.format(Math.round(seconds / HOUR), 'hour');
  if (abs < 7 * DAY) return f.relative.format(Math.round(seconds / DAY), 'day');
  return f.day.format(date);
}

/** The full date and time, for the title of a <time> element. */
export function fullDate(date: Date, lang: Language | string): string {
  return formattersFor(lang).full.format(date);
}

export function formatNumber(value: number, lang: Language | string): string {
  return formattersFor(lang).number.format(value);
}
