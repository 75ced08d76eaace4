/**
 * One dashboard: the figures of a scope over a date range, bucketed on the
 * reader's clock — totals, per-day rows (the chart and the CSV), the weekday
 * x hour heat map with its best hour, and the top posts (presented for the
 * reader, so a post they may not see is listed without its text).
 */
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { bestHour, heatMap, perDay, topPosts, totalsOf, type BestHour, type DayFigures, type HeatGrid, type Totals } from './analytics-buckets.js';
import type { AnalyticsEvents } from './analytics-events.js';
import type { AnalyticsScope } from './analytics-scope.js';
import type { DateRange } from './date-range.js';

const TOP_POSTS = 5;
const SNIPPET_LENGTH = 140;

export interface TopPost {
  postId: string;
  /** Plain text of the post, shortened; null when the reader may not see it. */
  snippet: string | null;
  url: string | null;
  impressions: number;
  engagements: number;
}

export interface DashboardReport {
  timeZone: string;
  range: DateRange;
  totals: Totals;
  days: DayFigures[];
  heat: HeatGrid;
  best: BestHour | null;
  top: TopPost[];
}

function plainText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>|<\/p>\s*<p>/gu, ' ')
    .replace(/<[^>]*>/gu, '')
    .replace(/&(amp|lt|gt|quot|#39|#96);/gu, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[name] ?? '');
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH - 1)}…` : text;
}

export class AnalyticsDashboard {
  constructor(
    private readonly events: AnalyticsEvents,
    private readonly statuses: StatusPresenter,
  ) {}

  async report(input: { scope: AnalyticsScope; reader: ViewerContext; range: DateRange; timeZone: string }): Promise<DashboardReport> {
    const { range, timeZone } = input;
    const raw = await this.events.read(input.scope, range);
    const heat = heatMap(raw.events, timeZone);
    const ranked = topPosts(raw.events, TOP_POSTS);
    const shown = await this.statuses.present(ranked.map((post) => post.postId), input.reader, '');
    const byId = new Map(shown.map((status) => [status.id, status]));
    return {
      timeZone,
      range,
      totals: totalsOf(raw.posts.length, raw.events, raw.follows.length),
      days: perDay(range.days, timeZone, { posts: raw.posts.map((post) => post.at), events: raw.events, follows: raw.follows }),
      heat,
      best: bestHour(heat),
      top: ranked.map((post) => {
        const status = byId.get(post.postId);
        return { ...post, snippet: status ? plainText(status.content) : null, url: status?.url ?? null };
      }),
    };
  }
}
