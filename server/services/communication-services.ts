/**
 * Company communication (issue 8), built once by the container: announcements,
 * official accounts, trends, search, analytics and email digests. Kept in one
 * factory, in the order their dependencies need, so the container stays a
 * short boot sequence (like core-services.ts for the microblog core).
 */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../auth/access-revoker.js';
import type { WarbleConfig } from '../config/schema.js';
import type { Models } from '../db/models/index.js';
import type { ReadQueries } from '../db/read-queries.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import type { Translator } from '../i18n/translator.js';
import type { IntervalJob } from '../jobs/interval-job.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { PluginHookCalls } from '../plugins/hook-calls.js';
import { createAnalytics, type AnalyticsServices } from './analytics/analytics-services.js';
import { createAnnouncements, type Announcements } from './announcements/announcement-services.js';
import type { AuditLog } from './audit/audit-log.js';
import type { CoreServices } from './core-services.js';
import { createDigests, type Digests } from './digests/digest-wiring.js';
import type { InstanceSettings } from './instance/instance-settings.js';
import { createOfficialAccounts } from './official-accounts/official-accounts-factory.js';
import type { OfficialAccounts } from './official-accounts/official-accounts.js';
import { createSearchServices, type SearchServices } from './search/search-services.js';
import { apiAccountOf } from './social/account-view.js';
import { createTrends } from './trends/trends-factory.js';
import type { TrendsService } from './trends/trends-service.js';

export interface CommunicationServices {
  /** Announcements pinned above timelines until acknowledged; `pendingFor(userId)` is what a person must still see. */
  announcements: Announcements;
  /** Official accounts (IT Helpdesk, HR) and the people who publish as them (/admin/official-accounts). */
  officialAccounts: OfficialAccounts;
  /** Rising hashtags and posts, company-wide and per group, cached 60 s per node. */
  trends: TrendsService;
  /** Search (posts, people, groups, hashtags), saved and watched searches, keyword counts. */
  search: SearchServices;
  /** Impressions (batched), link clicks and the dashboards (/analytics, group and company). */
  analytics: AnalyticsServices;
  /** Email digests: `digests.run()` (`warble digest run`, the servers' job) and the one-click unsubscribe. */
  digests: Digests;
}

export interface CommunicationDependencies {
  config: WarbleConfig;
  sequelize: Sequelize;
  dialect: 'sqlite' | 'postgres';
  models: Models;
  reads: ReadQueries;
  users: UserRepository;
  core: CoreServices;
  hooks: PluginHookCalls;
  audit: AuditLog;
  revoker: AccessRevoker;
  translator: Translator;
  instanceSettings: InstanceSettings;
  sessionSecret: string;
  logger: Logger;
  metrics: Metrics;
  backgroundJobs: boolean;
}

export interface CommunicationWiring {
  services: CommunicationServices;
  /** Background jobs to start with the others (the digest run); empty in one-shot commands. */
  jobs: IntervalJob[];
  /** Writes buffered impressions and stops the mailer; before the database closes. */
  close(): Promise<void>;
}

export function createCommunicationServices(deps: CommunicationDependencies): CommunicationWiring {
  const { config, sequelize, models, core, audit, logger } = deps;
  const { events, statuses } = core;
  const announcements = createAnnouncements({ sequelize, models, reads: deps.reads, events, audit, baseUrl: config.publicUrl });
  const officialAccounts = createOfficialAccounts({ sequelize, models, users: deps.users, posts: core.posts.create, audit, revoker: deps.revoker, events, reads: deps.reads });
  const trends = createTrends({ reads: deps.reads, models, statuses });
  const search = createSearchServices({
    sequelize,
    dialect: deps.dialect,
    models,
    reads: deps.reads,
    statuses,
    groupReads: core.groupReads,
    presentAccount: apiAccountOf,
    events,
    hooks: deps.hooks,
    logger,
  });
  const analytics = createAnalytics({ sequelize, models, config, logger, statuses, timelines: core.timelines, keywords: () => search });
  const digests = createDigests({
    config,
    sequelize,
    models,
    statuses,
    translator: deps.translator,
    audit,
    instanceSettings: deps.instanceSettings,
    sessionSecret: deps.sessionSecret,
    logger,
    metrics: deps.metrics,
    backgroundJobs: deps.backgroundJobs,
    announcements: () => announcements,
  });
  return {
    services: { announcements, officialAccounts, trends, search, analytics, digests },
    jobs: digests.job ? [digests.job] : [],
    close: async () => {
      await analytics.close();
      digests.close();
    },
  };
}
