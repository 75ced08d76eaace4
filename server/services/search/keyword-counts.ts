/**
 * How many posts matching a query a person may see, per day of their time
 * zone: the keyword watch of the analytics dashboard draws its chart from
 * this. Same index, same query language and same visibility prefilter as
 * search (search-sql.ts), so a chart never counts a post its viewer could
 * not find.
 *
 * The database counts per day (a dashboard watches up to 20 keywords over up
 * to a year, and a common word matches far more posts than should ever be read
 * into memory), so no cap is needed and the counts are exact. SQL cannot
 * read an IANA time zone on SQLite, so the range is cut where the zone's UTC
 * offset changes and each piece is counted with its fixed offset.
 */
import type { Models } from '../../db/models/index.js';
import { validationError } from '../../domain/errors.js';
import { firstIdAt } from '../../domain/ids.js';
import { activeViewer, type ViewerContext } from '../../domain/visibility/index.js';
import { startOfDay } from '../analytics/time-zones.js';
import { loadViewerContext } from '../viewer-context-loader.js';
import { parseSearchQuery } from './query-parser.js';
import type { SearchSql } from './search-sql.js';
import { SearchService } from './search-service.js';

export interface KeywordCountsInput {
  viewerId: string;
  query: string;
  from: Date;
  /** Inclusive: posts made at `to` count. */
  to: Date;
  /** IANA name, e.g. Europe/Paris. */
  timeZone: string;
  /** The viewer's context when the caller already has it (a page watching many keywords); else it is loaded. */
  viewer?: ViewerContext;
}

export type KeywordCounts = (input: KeywordCountsInput) => Promise<Array<{ day: string; count: number }>>;

/** Longest range, in days, one call may cover. */
export const MAX_RANGE_DAYS = 400;

/** `YYYY-MM-DD` of an instant in a time zone (en-CA formats dates that way). */
function dayFormatter(timeZone: string): (date: Date) => string {
  try {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return (date) => format.format(date);
  } catch {
    throw validationError('timeZone', `Unknown time zone: ${timeZone}`);
  }
}

/** Every calendar day from `first` to `last` (both YYYY-MM-DD), in order. */
function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  const cursor = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (cursor <= end && days.length <= MAX_RANGE_DAYS) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** A piece of the range with one UTC offset at the start of each of its days; `end` is exclusive. */
interface OffsetSpan {
  start: Date;
  end: Date;
  offsetSeconds: number;
  firstDay: string;
  lastDay: string;
}

/**
 * Cuts [from, to] at the local midnights where the offset changes (a daylight
 * saving zone: two or three pieces a year). Within a piece, instant + offset
 * falls on the right local day, except for the last hour of a 25-hour day
 * (clocks going back), which always ends its piece and is put back by the
 * caller's clamp to `lastDay`.
 */
function offsetSpans(days: readonly string[], from: Date, to: Date, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  for (const day of days) {
    const midnight = startOfDay(day, timeZone);
    const offsetSeconds = Math.round((Date.parse(`${day}T00:00:00Z`) - midnight.getTime()) / 1000);
    const last = spans.at(-1);
    if (last && last.offsetSeconds === offsetSeconds) {
      last.lastDay = day;
      continue;
    }
    if (last) last.end = midnight;
    spans.push({ start: last ? midnight : from, end: new Date(to.getTime() + 1), offsetSeconds, firstDay: day, lastDay: day });
  }
  return spans;
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
const dayName = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);

/** Builds the function exposed as `container.search.keywordCounts`. */
export function createKeywordCounts(deps: { models: Models; sql: SearchSql }): KeywordCounts {
  return async (input) => {
    const query = parseSearchQuery(input.query);
    const dayOf = dayFormatter(input.timeZone);
    if (!(input.from <= input.to)) throw validationError('from', 'from must not be after to');
    if (input.to.getTime() - input.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw validationError('to', `At most ${MAX_RANGE_DAYS} days`);
    }
    const counts = new Map(daysBetween(dayOf(input.from), dayOf(input.to)).map((day) => [day, 0]));
    const viewer = input.viewer ?? (await loadViewerContext(deps.models, await deps.models.User.findByPk(input.viewerId)));
    const me = activeViewer(viewer);
    if (me) {
      for (const span of offsetSpans([...counts.keys()], input.from, input.to, input.timeZone)) {
        // ULIDs sort by time: the id range is the index range for the span.
        const idRange = { fromId: firstIdAt(span.start), toId: firstIdAt(span.end) };
        for (const row of await deps.sql.postsPerDay(query, SearchService.postFilter(viewer, me.id, { idRange }), span.offsetSeconds)) {
          const named = dayName(row.day);
          const day = named < span.firstDay ? span.firstDay : named > span.lastDay ? span.lastDay : named;
          counts.set(day, (counts.get(day) ?? 0) + row.count);
        }
      }
    }
    return [...counts].map(([day, count]) => ({ day, count }));
  };
}
