/**
 * When a digest is due and which period it belongs to. Pure: the run passes
 * the time, so tests and `warble digest run` decide "now" the same way.
 *
 * A period key names one digest per person: `daily:2026-11-22` (the UTC
 * day) or `weekly:2026-W47` (the ISO week). The daily one is due from
 * `hourUtc` on its day; the weekly one from `hourUtc` on `weekday` (ISO,
 * 1 = Monday) and for the rest of that week, so a server that was down on
 * the day still sends it later in the week — once.
 */
import type { DigestFrequency } from '../../domain/notification-preferences.js';

export interface DigestSchedule {
  hourUtc: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export interface DuePeriod {
  frequency: Exclude<DigestFrequency, 'off'>;
  periodKey: string;
  /** How far back the first digest of a person looks (they have no earlier one to start from). */
  lengthMs: number;
}

const DAY = 86_400_000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** ISO 8601 week-numbering year and week of a UTC date. */
export function isoWeek(date: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / DAY + 1) / 7) };
}

export function dailyKey(now: Date): string {
  return `daily:${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
}

export function weeklyKey(now: Date): string {
  const { year, week } = isoWeek(now);
  return `weekly:${year}-W${pad(week)}`;
}

/** The periods whose digest is due at `now` (none, daily, or daily and weekly). */
export function duePeriods(now: Date, schedule: DigestSchedule): DuePeriod[] {
  const hour = now.getUTCHours();
  const weekday = now.getUTCDay() || 7;
  const due: DuePeriod[] = [];
  if (hour >= schedule.hourUtc) due.push({ frequency: 'daily', periodKey: dailyKey(now), lengthMs: DAY });
  if (weekday > schedule.weekday || (weekday === schedule.weekday && hour >= schedule.hourUtc)) {
    due.push({ frequency: 'weekly', periodKey: weeklyKey(now), lengthMs: 7 * DAY });
  }
  return due;
}
