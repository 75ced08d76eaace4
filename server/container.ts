/**
 * Builds every dependency once, in a fixed order, before anything listens.
 * Everything else receives what it needs from here; nothing reaches for globals.
 */
import type { Sequelize } from 'sequelize';
import { AccessRevoker } from './auth/access-revoker.js';
import type { Authenticator } from './auth/authenticator.js';
import { LdapAuthenticator } from './auth/ldap-authenticator.js';
import { DirectoryClient } from './auth/ldap/directory-client.js';
import { LdapConfigError, resolveLdapSettings, type LdapSettings } from './auth/ldap/ldap-settings.js';
import { LocalAuthenticator } from './auth/local-authenticator.js';
import { SessionStore } from './auth/session-store.js';
import { SignInService } from './auth/sign-in.js';
import { ConfigError } from './config/config-error.js';
import type { WarbleConfig } from './config/schema.js';
import { loadSessionSecret } from './config/session-secret.js';
import { connectDatabase } from './db/connect.js';
import { resolveDatabaseTarget } from './db/database-url.js';
import { migrateUp, migrationStatus } from './db/migrator.js';
import { createModels, type Models } from './db/models/index.js';
import { GroupRepository } from './db/repositories/group-repository.js';
import { LeaseRepository } from './db/repositories/lease-repository.js';
import { SyncRunRepository } from './db/repositories/sync-run-repository.js';
import { UserPhotoRepository } from './db/repositories/user-photo-repository.js';
import { UserRepository } from './db/repositories/user-repository.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { createRenderer, type PageRenderer } from './http/views/renderer.js';
import { createTranslator, type Translator } from './i18n/translator.js';
import type { Logger } from './logging/logger.js';
import { SignInLimiter } from './security/sign-in-limiter.js';
import { DirectoryGroupMirror } from './services/directory-groups.js';
import { IntervalJob } from './jobs/interval-job.js';
import { DirectorySyncService } from './services/directory-sync.js';
import { DirectoryUserUpsert } from './services/directory-user-upsert.js';
import { LocalUserCreateService } from './services/local-user-create.js';
import { createCoreServices, type CoreServices } from './services/core-services.js';
import { apiAccountOf } from './services/social/account-view.js';
import { createReadQueries } from './db/read-queries.js';
import { createMetrics, statementKind, type Metrics } from './observability/metrics.js';
import { createApiAuth, createTokenService, type ApiAuth } from './auth/api-auth.js';
import type { TokenService } from './auth/token-service.js';

export interface Container {
  config: WarbleConfig;
  logger: Logger;
  sessionSecret: string;
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  groups: GroupRepository;
  photos: UserPhotoRepository;
  syncRuns: SyncRunRepository;
  sessionStore: SessionStore;
  signIn: SignInService;
  localUsers: LocalUserCreateService;
  translator: Translator;
  renderer: PageRenderer;
  readinessChecks: ReadinessCheck[];
  /** Present when ldap.enabled: the directory client and the sync use case. */
  directory: { client: DirectoryClient; settings: LdapSettings; sync: DirectorySyncService } | null;
  /** The microblog core: posting, following, groups, timelines, notifications. */
  core: CoreServices;
  /** Prometheus metrics of this node (GET /metrics). */
  metrics: Metrics;
  /** Bearer tokens; `tokens.revokeAllForUser(userId)` ends a person's API access (call it on deactivation). */
  tokens: TokenService;
  /** OAuth apps, consent, token grants, personal tokens and API profile edits. */
  apiAuth: ApiAuth;
  /** Releases every resource (database connections, timers). */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Apply pending migrations at start (serve does; `warble migrate` is the explicit form). */
  migrate?: boolean;
  /** Start background jobs such as the directory sync timer (servers do; one-shot CLI commands do not). */
  backgroundJobs?: boolean;
  /** Node process figures in /metrics (GC, event loop); tests that build many apps switch them off. */
  processMetrics?: boolean;
}

/** Directory settings from the config, with problems reported by key like every other config error. */
function directorySettings(config: WarbleConfig): LdapSettings | null {
  if (!config.ldap.enabled) return null;
  try {
    return resolveLdapSettings(config.ldap);
  } catch (error) {
    if (error instanceof LdapConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

export async function buildContainer(
  config: WarbleConfig,
  logger: Logger,
  options: BuildOptions = {},
): Promise<Container> {
  const ldapSettings = directorySettings(config);
  const sessionSecret = await loadSessionSecret(config);
  const target = resolveDatabaseTarget(config.database.url, config.dataDir);
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? true });
  const sequelize = await connectDatabase({
    target,
    poolMax: config.database.poolMax,
    busyTimeoutMs: config.database.busyTimeoutMs,
    logger,
    onQuery: (sql, milliseconds) => metrics.dbQueryDuration.observe({ kind: statementKind(sql) }, milliseconds / 1000),
  });
  try {
    if (options.migrate ?? true) {
      const applied = await migrateUp(sequelize, logger);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
    }
  } catch (error) {
    await sequelize.close();
    throw error;
  }
  const models = createModels(sequelize);
  const users = new UserRepository(models);
  const sessionStore = new SessionStore(models, config.session.maxAgeHours * 3600_000);
  const tokens = createTokenService(models);
  const groups = new GroupRepository(models);
  const photos = new UserPhotoRepository(models);
  const syncRuns = new SyncRunRepository(models);
  const authenticators: Authenticator[] = [];
  // Local first: break-glass administrators sign in even when the directory is down.
  if (config.auth.local.enabled) authenticators.push(new LocalAuthenticator(users, ldapSettings === null));
  let directory: Container['directory'] = null;
  const jobs: IntervalJob[] = [];
  if (ldapSettings) {
    const ldapLogger = logger.child({ component: 'ldap' });
    const client = new DirectoryClient(ldapSettings, ldapLogger);
    const upsert = new DirectoryUserUpsert(users, photos);
    const groupMirror = new DirectoryGroupMirror(groups);
    authenticators.push(
      new LdapAuthenticator(client, sequelize, upsert, groupMirror, ldapLogger, ldapSettings.adminGroup !== ''),
    );
    const sync = new DirectorySyncService({
      directory: client,
      sequelize,
      users,
      groups,
      upsert,
      groupMirror,
      runs: syncRuns,
      leases: new LeaseRepository(models),
      revoker: new AccessRevoker(sessionStore, tokens),
      logger: ldapLogger,
    });
    directory = { client, settings: ldapSettings, sync };
    if (options.backgroundJobs ?? true) {
      jobs.push(
        new IntervalJob({
          name: 'directory-sync',
          intervalMs: ldapSettings.syncIntervalMinutes * 60_000,
          run: () => sync.run('interval'),
          logger: ldapLogger,
          metrics,
        }),
      );
    }
  }
  if (options.backgroundJobs ?? true) {
    // Anonymous visitors get a session for their CSRF secret; forget the expired ones.
    jobs.push(new IntervalJob({ name: 'session-purge', intervalMs: 3600_000, run: () => sessionStore.purgeExpired(), logger, metrics }));
  }
  for (const job of jobs) job.start();
  const limiter = new SignInLimiter(config.auth.signInRateLimit);
  const signIn = new SignInService(authenticators, users, limiter, logger, (reason) => metrics.signInFailures.inc({ reason }));
  const apiAuth = createApiAuth({ models, users, signIn, tokens });
  const translator = await createTranslator();
  const renderer = createRenderer(translator);

  const readinessChecks: ReadinessCheck[] = [
    {
      name: 'database',
      check: async () => {
        await sequelize.query('SELECT 1');
        return { ok: true, detail: target.dialect };
      },
    },
    {
      name: 'migrations',
      check: async () => {
        const status = await migrationStatus(sequelize);
        const ok = status.pending.length === 0 && status.unknown.length === 0;
        return { ok, detail: ok ? `${status.executed.length} applied` : `pending: ${status.pending.join(', ')}` };
      },
    },
  ];

  const reads = createReadQueries(sequelize, {
    sqliteStorage: target.dialect === 'sqlite' ? target.storage : undefined,
    size: 4,
    busyTimeoutMs: config.database.busyTimeoutMs,
  });

  return {
    config,
    logger,
    sessionSecret,
    sequelize,
    models,
    users,
    groups,
    photos,
    syncRuns,
    sessionStore,
    signIn,
    localUsers: new LocalUserCreateService(sequelize, users),
    translator,
    renderer,
    readinessChecks,
    directory,
    tokens,
    apiAuth,
    metrics,
    core: createCoreServices({
      sequelize,
      models,
      config,
      logger,
      reads,
      presentAccount: apiAccountOf,
    }),
    close: async () => {
      await Promise.all(jobs.map((job) => job.stop()));
      await reads.close();
      await sequelize.close();
    },
  };
}
