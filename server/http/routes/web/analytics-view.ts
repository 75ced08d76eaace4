/**
 * Turns a dashboard report into what `pages/analytics.hbs` shows: figures,
 * the SVG charts (escaped inside analytics-svg.ts, inserted as they are), the
 * best hour to post in words, top posts and keyword charts. Everything
 * visible is translated here or in the template.
 */
import { hourRange } from '../../../services/analytics/analytics-buckets.js';
import type { DashboardReport } from '../../../services/analytics/analytics-dashboard.js';
import { barLineChart, heatMapChart, lineChart } from '../../../services/analytics/analytics-svg.js';
import type { WatchedKeyword } from '../../../services/analytics/keyword-watch.js';
import { WEEKDAYS } from '../../../services/analytics/time-zones.js';
import type { AppContext } from '../../context.js';

/** The figures, charts and sentences of one dashboard page. */
export function dashboardView(ctx: AppContext, report: DashboardReport, keywords: readonly WatchedKeyword[]): Record<string, unknown> {
  const t = ctx.state.t;
  const lang = ctx.state.lang ?? 'en';
  const weekdayNames = WEEKDAYS.map((day) => t(`analytics.weekdays.${day}`));
  const shortDay = (day: string) => day.slice(5);
  const { totals, best } = report;
  const rate = totals.engagementRate === null ? '–' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(totals.engagementRate);
  return {
    timeZone: report.timeZone,
    totals,
    rate,
    bestTime: best ? t('analytics.bestTime', { day: weekdayNames[WEEKDAYS.indexOf(best.weekday)], hours: hourRange(best.hour) }) : null,
    dailyChart: barLineChart({
      title: t('analytics.dailyChartTitle', { from: report.range.from, to: report.range.to }),
      bars: { name: t('analytics.impressions'), points: report.days.map((row) => ({ label: shortDay(row.day), value: row.impressions })) },
      line: { name: t('analytics.engagements'), points: report.days.map((row) => ({ label: shortDay(row.day), value: row.engagements })) },
    }),
    heatChart: heatMapChart({
      title: t('analytics.heatTitle', { zone: report.timeZone }),
      grid: report.heat,
      weekdayNames,
      cellTitle: (weekday, hour, count) => t('analytics.heatCell', { day: weekdayNames[weekday], hours: hourRange(hour), count }),
    }),
    days: report.days,
    top: report.top,
    keywords: keywords.map((keyword) => ({
      query: keyword.query,
      total: keyword.total,
      chart: lineChart({
        title: t('analytics.keywordChartTitle', { query: keyword.query }),
        seriesName: t('analytics.mentions'),
        points: keyword.days.map((row) => ({ label: shortDay(row.day), value: row.count })),
      }),
    })),
  };
}
