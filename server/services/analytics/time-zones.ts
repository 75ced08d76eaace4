/**
 * Time zones for the dashboard, with Intl only (no tz library): checking an
 * IANA name, turning an instant into the weekday, hour and calendar day a
 * person in that zone would read off their clock, and the instant a local
 * calendar day starts. The heat map and the per-day chart are bucketed here,
 * in TypeScript, so the SQL stays the same on SQLite and PostgreSQL.
 */

/** Monday first, as the heat map's rows are drawn. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** True for a time zone name this Node's Intl knows (e.g. `Europe/Paris`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone for the settings list, UTC first. */
export function supportedTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

/** A local reading of one instant: Monday-first weekday index, hour 0-23, and the calendar day `YYYY-MM-DD`. */
export interface ZonedParts {
  weekday: number;
  hour: number;
  day: string;
}

// Building a DateTimeFormat costs far more than using one; a dashboard formats thousands of instants in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function partsOf(instant: Date, zone: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) parts[part.type] = part.value;
  return parts;
}

/** What a clock in `zone` shows at `instant`. */
export function zonedParts(instant: Date, zone: string): ZonedParts {
  const parts = partsOf(instant, zone);
  return {
    weekday: WEEKDAY_INDEX[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour) % 24,
    day: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** Milliseconds `zone` is ahead of UTC at `instant`. */
function offsetAt(instant: number, zone: string): number {
  const parts = partsOf(new Date(instant), zone);
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight of `day` (`YYYY-MM-DD`) happens in `zone` (re-checked once across a DST change). */
export function startOfDay(day: string, zone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(year, month - 1, date);
  const first = naive - offsetAt(naive, zone);
  const second = naive - offsetAt(first, zone);
  return new Date(second);
}

/** `YYYY-MM-DD` plus `count` calendar days. */
export function addDays(day: string, count: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

/** Every calendar day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
