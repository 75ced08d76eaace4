/** Builds the trends service from the container's parts, so container.ts grows by one line. */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { TrendsService } from './trends-service.js';

/** Trends cached for 60 s per (scope, window) on each node; see docs/communication.md. */
export function createTrends(deps: { sequelize: Sequelize; models: Models; statuses: StatusPresenter }): TrendsService {
  return new TrendsService(deps.sequelize, deps.models, deps.statuses, { ttlMs: 60_000 });
}
