/**
 * The event publisher of one database, with its outbox, and the job that
 * takes over events a stopped node recorded but never delivered. Built the
 * same way by the container and by createCoreServices when a tool builds
 * the core alone.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { OutboxRepository } from '../../db/repositories/outbox-repository.js';
import { IntervalJob } from '../../jobs/interval-job.js';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { EventPublisher } from '../events.js';
import { processHolder } from './process-holder.js';

export interface EventPublisherDeps {
  sequelize: Sequelize;
  models: Models;
  logger: Logger;
  /** Test hook only (test/integration/ops/outbox-crash.test.ts): dies between commit and delivery. */
  crashAfterCommit?: string;
}

export function createEventPublisher(deps: EventPublisherDeps): EventPublisher {
  return new EventPublisher({
    onSinkError: (error, name) => deps.logger.error({ err: error, event: name }, 'event sink failed'),
    outbox: new OutboxRepository(deps.sequelize, deps.models),
    holder: processHolder(),
    onOutboxError: (error, message, detail) => deps.logger.error({ err: error, ...detail }, message),
    crashAfterCommit: deps.crashAfterCommit,
  });
}

/** Takes over recorded events whose node died before delivering them, every second once started. */
export function outboxRecoveryJob(events: EventPublisher, logger: Logger, metrics: Metrics): IntervalJob {
  return new IntervalJob({
    name: 'outbox',
    intervalMs: 1000,
    run: async () => {
      const taken = await events.sweep();
      if (taken > 0) logger.warn({ events: taken }, 'delivering events a stopped node recorded but never delivered');
    },
    logger,
    metrics,
  });
}
