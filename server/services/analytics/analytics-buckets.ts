/**
 * The dashboard's arithmetic, with no I/O: raw events (an impression, a
 * like...) in, per-day series, the weekday x hour heat map, top posts and the
 * best hour to post out. Kept pure so the time-zone bucketing is unit-tested
 * with fixed instants, and so the SQL only ever filters by range (the same on
 * SQLite and PostgreSQL).
 */
import { WEEKDAYS, zonedParts, type Weekday } from './time-zones.js';

/** What one event counts as. Impressions are reach; the rest are engagement on a post. */
export type EventKind = 'impression' | 'reply' | 'repost' | 'like' | 'click';

export interface AnalyticsEvent {
  kind: EventKind;
  postId: string;
  at: Date;
}

export interface DayFigures {
  day: string;
  posts: number;
  impressions: number;
  engagements: number;
  follows: number;
}

export interface Totals {
  posts: number;
  impressions: number;
  replies: number;
  reposts: number;
  likes: number;
  clicks: number;
  follows: number;
  /** replies + reposts + likes + link clicks. */
  engagements: number;
  /** engagements / impressions, or null when nothing was seen. */
  engagementRate: number | null;
}

/** 7 rows (Monday first) of 24 hourly counts. */
export type HeatGrid = number[][];

export interface BestHour {
  weekday: Weekday;
  hour: number;
  count: number;
}

export interface PostFigures {
  postId: string;
  impressions: number;
  engagements: number;
}

const KIND_TOTAL: Record<Exclude<EventKind, 'impression'>, 'replies' | 'reposts' | 'likes' | 'clicks'> = {
  reply: 'replies',
  repost: 'reposts',
  like: 'likes',
  click: 'clicks',
};

/** Engagements per impression, or null when there were none to divide by. */
export function engagementRate(engagements: number, impressions: number): number | null {
  return impressions > 0 ? engagements / impressions : null;
}

/** Headline figures of a range. */
export function totalsOf(postCount: number, events: readonly AnalyticsEvent[], follows: number): Totals {
  const totals = { posts: postCount, impressions: 0, replies: 0, reposts: 0, likes: 0, clicks: 0, follows };
  for (const event of events) {
    if (event.kind === 'impression') totals.impressions += 1;
    else totals[KIND_TOTAL[event.kind]] += 1;
  }
  const engagements = totals.replies + totals.reposts + totals.likes + totals.clicks;
  return { ...totals, engagements, engagementRate: engagementRate(engagements, totals.impressions) };
}

/** One row per calendar day of the range in `zone`, zero-filled. */
export function perDay(
  days: readonly string[],
  zone: string,
  input: { posts: readonly Date[]; events: readonly AnalyticsEvent[]; follows: readonly Date[] },
): DayFigures[] {
  const rows = new Map(days.map((day) => [day, { day, posts: 0, impressions: 0, engagements: 0, follows: 0 }]));
  const at = (instant: Date) => rows.get(zonedParts(instant, zone).day);
  for (const created of input.posts) {
    const row = at(created);
    if (row) row.posts += 1;
  }
  for (const event of input.events) {
    const row = at(event.at);
    if (!row) continue;
    if (event.kind === 'impression') row.impressions += 1;
    else row.engagements += 1;
  }
  for (const followed of input.follows) {
    const row = at(followed);
    if (row) row.follows += 1;
  }
  return [...rows.values()];
}

/** Impressions and engagement by the weekday and hour they happened on a clock in `zone`. */
export function heatMap(events: readonly AnalyticsEvent[], zone: string): HeatGrid {
  const grid = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0));
  for (const event of events) {
    const { weekday, hour } = zonedParts(event.at, zone);
    grid[weekday]![hour]! += 1;
  }
  return grid;
}

/** The busiest cell (the earliest in the week on a tie), or null for an empty map. */
export function bestHour(grid: HeatGrid): BestHour | null {
  let best: BestHour | null = null;
  grid.forEach((row, weekday) =>
    row.forEach((count, hour) => {
      if (count > 0 && (!best || count > best.count)) best = { weekday: WEEKDAYS[weekday]!, hour, count };
    }),
  );
  return best;
}

/** Posts ranked by engagement, then impressions; at most `limit`. */
export function topPosts(events: readonly AnalyticsEvent[], limit: number): PostFigures[] {
  const byPost = new Map<string, PostFigures>();
  for (const event of events) {
    let figures = byPost.get(event.postId);
    if (!figures) {
      figures = { postId: event.postId, impressions: 0, engagements: 0 };
      byPost.set(event.postId, figures);
    }
    if (event.kind === 'impression') figures.impressions += 1;
    else figures.engagements += 1;
  }
  return [...byPost.values()]
    .sort((a, b) => b.engagements - a.engagements || b.impressions - a.impressions || (a.postId < b.postId ? 1 : -1))
    .slice(0, limit);
}

/** `10:00–11:00`: the hour a heat map cell stands for. */
export function hourRange(hour: number): string {
  const pad = (value: number) => String(value % 24).padStart(2, '0');
  return `${pad(hour)}:00–${pad(hour + 1)}:00`;
}
