/**
 * Search, built once by the container (`container.search`): the search box,
 * saved searches and their live alerts, and the keyword counts the
 * analytics dashboard charts.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { SavedSearchModel } from '../../db/models/saved-search.js';
import type { ReadQueries } from '../../db/read-queries.js';
import type { Logger } from '../../logging/logger.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import type { EventPublisher } from '../events.js';
import type { GroupReadService } from '../groups/group-read.js';
import { NotificationWriter } from '../notifications/notification-writer.js';
import type { PresentAccount, StatusPresenter } from '../posts/status-presenter.js';
import { createKeywordCounts, type KeywordCounts } from './keyword-counts.js';
import { SavedSearchAlerts } from './saved-search-alerts.js';
import { SavedSearches } from './saved-searches.js';
import { PostgresSearchSql, SqliteSearchSql, type SearchSql } from './search-sql.js';
import { SearchService } from './search-service.js';

export interface SearchServices {
  /** Posts, people, groups and hashtags for one viewer (GET /api/v2/search, /search). */
  service: SearchService;
  /** A person's saved and watched searches. */
  savedSearches: SavedSearches;
  /** Matches each new post against watched searches (registered on the event publisher). */
  alerts: SavedSearchAlerts;
  /** Matching posts a viewer may see, per day of a time zone (analytics keyword watch). */
  keywordCounts: KeywordCounts;
}

export interface SearchDependencies {
  sequelize: Sequelize;
  dialect: 'sqlite' | 'postgres';
  models: Models;
  reads: ReadQueries;
  statuses: StatusPresenter;
  groupReads: GroupReadService;
  presentAccount: PresentAccount;
  events: EventPublisher;
  hooks?: PluginHookCalls;
  logger: Logger;
}

export function createSearchServices(deps: SearchDependencies): SearchServices {
  const sql: SearchSql = deps.dialect === 'sqlite' ? new SqliteSearchSql(deps.reads) : new PostgresSearchSql(deps.reads);
  const savedSearches = new SavedSearches(deps.sequelize, SavedSearchModel.bindTo(deps.sequelize), sql);
  const alerts = new SavedSearchAlerts({
    sequelize: deps.sequelize,
    models: deps.models,
    sql,
    savedSearches,
    statuses: deps.statuses,
    notifications: new NotificationWriter(deps.models, deps.hooks),
    events: deps.events,
    logger: deps.logger,
  });
  alerts.listen();
  return {
    service: new SearchService(sql, deps.reads, deps.statuses, deps.models, deps.groupReads, deps.presentAccount, deps.dialect),
    savedSearches,
    alerts,
    keywordCounts: createKeywordCounts({ models: deps.models, sql }),
  };
}
