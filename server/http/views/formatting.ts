/**
 * Dates, relative times and numbers in the page's language and the reader's
 * time zone, with Intl. The formatters are built once per language and zone:
 * constructing an Intl formatter costs far more than using one, and a
 * timeline page formats dozens.
 */
import type { Language } from '../../config/schema.js';

interface Formatters {
  number: Intl.NumberFormat;
  relative: Intl.RelativeTimeFormat;
  full: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
  medium: Intl.DateTimeFormat;
}

const cache = new Map<string, Formatters>();

/** An IANA zone such as Europe/Paris; undefined means the server's own. */
export type TimeZone = string | undefined;

function formattersFor(lang: Language | string, timeZone?: TimeZone): Formatters {
  const key = `${lang}|${timeZone ?? ''}`;
  let formatters = cache.get(key);
  if (!formatters) {
    let zone = timeZone;
    try {
      new Intl.DateTimeFormat(lang, { timeZone: zone });
    } catch {
      // Settings validate the zone; one unknown to this Node's ICU must not break a page.
      zone = undefined;
    }
    formatters = {
      number: new Intl.NumberFormat(lang),
      relative: new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' }),
      full: new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: zone }),
      day: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: zone }),
      medium: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }),
    };
    cache.set(key, formatters);
  }
  return formatters;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "il y a 3 min", "2 h ago"; older than a week becomes a plain date. */
export function relativeTime(date: Date, lang: Language | string, now: number = Date.now(), timeZone?: TimeZone): string {
  const f = formattersFor(lang, timeZone);
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return f.relative.format(0, 'second');
  if (abs < HOUR) return f.relative.format(Math.round(seconds / MINUTE), 'minute');
  if (abs < DAY) return f.relative.format(Math.round(seconds / HOUR), 'hour');
  if (abs < 7 * DAY) return f.relative.format(Math.round(seconds / DAY), 'day');
  return f.day.format(date);
}

/** The full date and time, for the title of a <time> element. */
export function fullDate(date: Date, lang: Language | string, timeZone?: TimeZone): string {
  return formattersFor(lang, timeZone).full.format(date);
}

/** Date and time, medium length ("22 Nov 2026, 14:05"): `{{date}}` in pages and mails. */
export function mediumDateTime(date: Date, lang: Language | string, timeZone?: TimeZone): string {
  return formattersFor(lang, timeZone).medium.format(date);
}

export function formatNumber(value: number, lang: Language | string): string {
  return formattersFor(lang).number.format(value);
}
