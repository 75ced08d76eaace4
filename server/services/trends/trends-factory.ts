/** Builds the trends service from the container's parts, so container.ts grows by one line. */
import type { Models } from '../../db/models/index.js';
import type { ReadQueries } from '../../db/read-queries.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { TrendsService } from './trends-service.js';

/** Trends cached for 60 s per (scope, window) on each node; see docs/communication.md. */
export function createTrends(deps: { reads: ReadQueries; models: Models; statuses: StatusPresenter }): TrendsService {
  return new TrendsService(deps.reads, deps.models, deps.statuses, { ttlMs: 60_000 });
}
