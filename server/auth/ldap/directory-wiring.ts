/**
 * Builds directory sign-in and sync from the LDAP settings: the client, the
 * authenticator that sign-in appends after the local one, the sync use case,
 * and (for servers) its interval job.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { LeaseRepository } from '../../db/repositories/lease-repository.js';
import type { SyncRunRepository } from '../../db/repositories/sync-run-repository.js';
import type { UserPhotoRepository } from '../../db/repositories/user-photo-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { IntervalJob } from '../../jobs/interval-job.js';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import type { AuditLog } from '../../services/audit/audit-log.js';
import { DirectoryGroupMirror } from '../../services/directory-groups.js';
import { DirectorySyncService } from '../../services/directory-sync.js';
import { DirectoryUserUpsert } from '../../services/directory-user-upsert.js';
import type { EventPublisher } from '../../services/events.js';
import type { AccessRevoker } from '../access-revoker.js';
import { LdapAuthenticator } from '../ldap-authenticator.js';
import { DirectoryClient } from './directory-client.js';
import type { LdapSettings } from './ldap-settings.js';

export interface DirectoryWiring {
  authenticator: LdapAuthenticator;
  directory: { client: DirectoryClient; settings: LdapSettings; sync: DirectorySyncService };
  /** Present when background jobs run (servers, not one-shot CLI commands). */
  job: IntervalJob | null;
}

export function wireDirectory(
  settings: LdapSettings,
  deps: {
    sequelize: Sequelize;
    models: Models;
    users: UserRepository;
    groups: GroupRepository;
    photos: UserPhotoRepository;
    syncRuns: SyncRunRepository;
    revoker: AccessRevoker;
    audit: AuditLog;
    hooks: PluginHookCalls;
    events: EventPublisher;
    logger: Logger;
    metrics: Metrics;
    backgroundJobs: boolean;
  },
): DirectoryWiring {
  const logger = deps.logger.child({ component: 'ldap' });
  const client = new DirectoryClient(settings, logger);
  const upsert = new DirectoryUserUpsert(deps.users, deps.photos, deps.hooks, deps.events);
  const groupMirror = new DirectoryGroupMirror(deps.groups, deps.events);
  const authenticator = new LdapAuthenticator(client, deps.sequelize, upsert, groupMirror, logger, settings.adminGroup !== '');
  const sync = new DirectorySyncService({
    directory: client,
    sequelize: deps.sequelize,
    users: deps.users,
    groups: deps.groups,
    upsert,
    groupMirror,
    runs: deps.syncRuns,
    leases: new LeaseRepository(deps.models),
    revoker: deps.revoker,
    logger,
    audit: deps.audit,
    events: deps.events,
  });
  const job = deps.backgroundJobs
    ? new IntervalJob({
        name: 'directory-sync',
        intervalMs: settings.syncIntervalMinutes * 60_000,
        run: () => sync.run('interval'),
        logger,
        metrics: deps.metrics,
      })
    : null;
  return { authenticator, directory: { client, settings, sync }, job };
}
