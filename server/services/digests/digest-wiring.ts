/**
 * Builds the email digest feature for the container: the SMTP mailer (none
 * when smtp.host is empty), the run, the unsubscribe use case and, in
 * servers, the job that looks for digests due every digest.intervalMinutes.
 * Nothing here connects at start-up: a relay that is down never delays or
 * fails the boot; its digests are retried by the next run.
 */
import type { Sequelize } from 'sequelize';
import type { WarbleConfig } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import { DigestDeliveryRepository } from '../../db/repositories/digest-delivery-repository.js';
import { LeaseRepository } from '../../db/repositories/lease-repository.js';
import type { Translator } from '../../i18n/translator.js';
import { IntervalJob } from '../../jobs/interval-job.js';
import type { Logger } from '../../logging/logger.js';
import { createMailTemplates } from '../../mail/mail-templates.js';
import type { Mailer } from '../../mail/mailer.js';
import { createMailer } from '../../mail/create-mailer.js';
import type { Metrics } from '../../observability/metrics.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { InstanceSettings } from '../instance/instance-settings.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { DigestCollector, type AnnouncementSource } from './digest-collector.js';
import { DigestMailComposer } from './digest-mail.js';
import { DigestRun, type DigestRunOptions, type DigestRunReport } from './digest-run.js';
import { DigestUnsubscribe } from './digest-unsubscribe.js';

/** What the rest of Warble uses of digests: `warble digest run`, the unsubscribe page, the job. */
export interface Digests {
  /** Sends what is due now (see digest-run.ts). */
  run(options?: DigestRunOptions): Promise<DigestRunReport>;
  unsubscribe: DigestUnsubscribe;
  /** False when smtp.host is empty: no digest can go out. */
  mailEnabled: boolean;
  /** The servers' periodic run; null in one-shot commands or when mail is off. */
  job: IntervalJob | null;
  close(): void;
}

export interface DigestWiringDeps {
  config: WarbleConfig;
  sequelize: Sequelize;
  models: Models;
  statuses: StatusPresenter;
  translator: Translator;
  audit: AuditLog;
  instanceSettings: InstanceSettings;
  sessionSecret: string;
  logger: Logger;
  metrics?: Metrics;
  backgroundJobs: boolean;
  /** The announcements feature, once the container has built it. */
  announcements: () => AnnouncementSource | null;
}

export function createDigests(deps: DigestWiringDeps): Digests {
  const { config, logger } = deps;
  const baseUrl = config.publicUrl;
  const mailer: Mailer | null = createMailer(config, deps.instanceSettings.current().name);
  const runner = new DigestRun({
    models: deps.models,
    leases: new LeaseRepository(deps.models),
    deliveries: new DigestDeliveryRepository(deps.sequelize, deps.models),
    collector: new DigestCollector({ sequelize: deps.sequelize, models: deps.models, statuses: deps.statuses, announcements: deps.announcements }),
    composer: new DigestMailComposer(createMailTemplates(deps.translator), deps.translator),
    mailer,
    schedule: config.digest,
    baseUrl,
    sessionSecret: deps.sessionSecret,
    instance: () => {
      const current = deps.instanceSettings.current();
      return { name: current.name, defaultLanguage: current.defaultLanguage };
    },
    logger: logger.child({ component: 'digests' }),
  });
  const job =
    mailer && deps.backgroundJobs && config.digest.intervalMinutes > 0
      ? new IntervalJob({ name: 'digests', intervalMs: config.digest.intervalMinutes * 60_000, run: () => runner.run(), logger, metrics: deps.metrics })
      : null;
  return {
    run: (options) => runner.run(options),
    unsubscribe: new DigestUnsubscribe({ sequelize: deps.sequelize, models: deps.models, audit: deps.audit, sessionSecret: deps.sessionSecret }),
    mailEnabled: mailer !== null,
    job,
    close: () => mailer?.close(),
  };
}
