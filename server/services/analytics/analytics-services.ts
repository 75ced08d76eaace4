/**
 * Analytics, built once by the container (`container.analytics`): the
 * impression recorder subscribed to the timelines, link clicks, the
 * dashboards, the reader's time zone and the keyword source from search.
 * `close` flushes buffered impressions, so a graceful shutdown loses none.
 */
import type { Sequelize } from 'sequelize';
import type { WarbleConfig } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ApiStatus } from '../../serializers/status.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import type { TimelineService } from '../timelines/timeline-service.js';
import { AnalyticsDashboard } from './analytics-dashboard.js';
import { AnalyticsEvents } from './analytics-events.js';
import { ImpressionRecorder, type ShownPost } from './impression-recorder.js';
import type { KeywordSource } from './keyword-watch.js';
import { LinkClicks } from './link-clicks.js';
import { isTimeZone } from './time-zones.js';

export interface AnalyticsServices {
  /** Null when `analytics.impressions` is off. */
  impressions: ImpressionRecorder | null;
  links: LinkClicks;
  dashboard: AnalyticsDashboard;
  /** Search's watched keywords, once search is built; null without it. */
  keywords(): KeywordSource | null;
  /** The zone a person's figures are bucketed in: their choice, else the instance default. */
  timeZoneOf(user: { timeZone?: string | null }): string;
  close(): Promise<void>;
}

export interface AnalyticsDependencies {
  sequelize: Sequelize;
  models: Models;
  config: WarbleConfig;
  logger: Logger;
  statuses: StatusPresenter;
  timelines: TimelineService;
  keywords?: () => KeywordSource | null;
}

/** The post a timeline entry shows (the original of a repost) and its author. */
export function shownPosts(statuses: readonly ApiStatus[]): ShownPost[] {
  return statuses.map((entry) => {
    const shown = entry.reblog ?? entry;
    return { postId: shown.id, authorId: (shown.account as { id?: string }).id ?? '' };
  });
}

export function createAnalytics(deps: AnalyticsDependencies): AnalyticsServices {
  const impressions = deps.config.analytics.impressions ? new ImpressionRecorder(deps.sequelize, deps.logger.child({ component: 'analytics' })) : null;
  if (impressions) deps.timelines.onPageShown((_timeline, viewerId, statuses) => impressions.record(viewerId, shownPosts(statuses)));
  const fallbackZone = deps.config.analytics.defaultTimeZone;
  return {
    impressions,
    links: new LinkClicks(deps.sequelize, deps.models, deps.statuses),
    dashboard: new AnalyticsDashboard(new AnalyticsEvents(deps.sequelize), deps.statuses),
    keywords: deps.keywords ?? (() => null),
    timeZoneOf: (user) => (user.timeZone && isTimeZone(user.timeZone) ? user.timeZone : fallbackZone),
    close: async () => {
      await impressions?.close();
    },
  };
}
