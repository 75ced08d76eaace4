/**
 * The dashboard's CSV exports: per-day figures and the heat map of the
 * selected range, for spreadsheets. Columns are fixed English identifiers
 * (stable for scripts), values are numbers and ISO days only, so no cell can
 * start a spreadsheet formula.
 */
import { stringify } from 'csv-stringify/sync';
import type { DayFigures, HeatGrid } from './analytics-buckets.js';
import { WEEKDAYS } from './time-zones.js';

export const DAILY_CSV_COLUMNS = ['day', 'posts', 'impressions', 'engagements', 'follows'] as const;
export const HEATMAP_CSV_COLUMNS = ['weekday', 'hour', 'count'] as const;

export function dailyCsv(days: readonly DayFigures[]): string {
  return stringify(
    days.map((row) => [row.day, row.posts, row.impressions, row.engagements, row.follows]),
    { header: true, columns: [...DAILY_CSV_COLUMNS] },
  );
}

/** One row per weekday and hour (168 rows), Monday first, hours on the reader's clock. */
export function heatMapCsv(grid: HeatGrid): string {
  const rows = grid.flatMap((row, weekday) => row.map((count, hour) => [WEEKDAYS[weekday], hour, count]));
  return stringify(rows, { header: true, columns: [...HEATMAP_CSV_COLUMNS] });
}
