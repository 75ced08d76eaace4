/**
 * Builds every dependency once, in a fixed order, before anything listens.
 * Everything else receives what it needs from here; nothing reaches for globals.
 */
import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { AccessRevoker } from './auth/access-revoker.js';
import { createAuditedSignIn } from './auth/audited-sign-in.js';
import type { SignInService } from './auth/sign-in.js';
import { openDatabase } from './db/open-database.js';
import type { Authenticator } from './auth/authenticator.js';
import { wireDirectory, type DirectoryWiring } from './auth/ldap/directory-wiring.js';
import { LdapConfigError, resolveLdapSettings, type LdapSettings } from './auth/ldap/ldap-settings.js';
import { LocalAuthenticator } from './auth/local-authenticator.js';
import { wireSaml } from './auth/saml/saml-wiring.js';
import type { SamlServiceProvider } from './auth/saml/saml-service-provider.js';
import { SessionStore } from './auth/session-store.js';
import { ConfigError } from './config/config-error.js';
import type { WarbleConfig } from './config/schema.js';
import { loadSessionSecret } from './config/session-secret.js';
import { resolveDatabaseTarget } from './db/database-url.js';
import { createModels, type Models } from './db/models/index.js';
import { GroupRepository } from './db/repositories/group-repository.js';
import { LeaseRepository } from './db/repositories/lease-repository.js';
import { SyncRunRepository } from './db/repositories/sync-run-repository.js';
import { UserPhotoRepository } from './db/repositories/user-photo-repository.js';
import { UserRepository } from './db/repositories/user-repository.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { readinessChecksFor } from './http/readiness-checks.js';
import { createRenderer, type PageRenderer } from './http/views/renderer.js';
import { createTranslator, type Translator } from './i18n/translator.js';
import type { Logger } from './logging/logger.js';
import { IntervalJob } from './jobs/interval-job.js';
import { LocalUserCreateService } from './services/local-user-create.js';
import { createCoreServices, type CoreServices } from './services/core-services.js';
import { apiAccountOf } from './services/social/account-view.js';
import { createReadQueries } from './db/read-queries.js';
import { ViewerReadRepository } from './db/repositories/viewer-read-repository.js';
import { AudienceRepository } from './db/repositories/audience-repository.js';
import { AuditRepository } from './db/repositories/audit-repository.js';
import { AuditLog } from './services/audit/audit-log.js';
import { ProfileEditService } from './services/people/profile-edit.js';
import { RetentionPurge } from './services/retention/retention-purge.js';
import { createMetrics, statementKind, type Metrics } from './observability/metrics.js';
import { createApiAuth, createTokenService, type ApiAuth } from './auth/api-auth.js';
import type { TokenService } from './auth/token-service.js';
import { MastodonHub } from './realtime/mastodon-hub.js';
import { connectRedis, type RedisConnection } from './realtime/redis-connection.js';
import { createEventPublisher, outboxRecoveryJob } from './services/outbox/outbox-wiring.js';
import { homeFeedStoreFor, startHomeFeeds } from './services/timelines/feeds/create-home-feeds.js';
import { HookRegistry } from './plugins/hook-registry.js';
import { pluginHookCalls } from './plugins/hook-calls.js';
import { PluginHost } from './plugins/plugin-host.js';
import { ViewSlots } from './plugins/view-slots.js';
import { ExportJobs } from './services/export/export-jobs.js';
import { InstanceSettings } from './services/instance/instance-settings.js';
import { createCommunicationServices, type CommunicationServices } from './services/communication-services.js';
import { createScimServices, type ScimServices } from './services/scim/scim-services.js';
import { ScimAuthenticator } from './auth/scim-authenticator.js';
import { redisLimiterFactory } from './security/redis-limiter.js';
import { createPeopleServices, type PeopleServices } from './services/people/people-services.js';
import { ExternalIdentityRepository } from './db/repositories/external-identity-repository.js';
import { DirectoryGroupMirror } from './services/directory-groups.js';
import { ExternalAccountLink } from './services/identity/external-sign-in.js';
import { OidcClient } from './auth/oidc/oidc-client.js';
import { resolveOidcSecret } from './auth/oidc/oidc-secret.js';

/** Company communication (announcements, official accounts, trends, search, analytics, digests) sits at the top level, as routes use it. */
export interface Container extends CommunicationServices {
  config: WarbleConfig;
  logger: Logger;
  sessionSecret: string;
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  /** The person, memberships and authors on the hot-read connections (every request's lookups). */
  viewerReads: ViewerReadRepository;
  /** Who a live event is for (followers, group members), read once per event by the realtime fan-out. */
  audience: AudienceRepository;
  groups: GroupRepository;
  photos: UserPhotoRepository;
  /** People editing their own profile (web page and update_credentials). */
  profiles: ProfileEditService;
  syncRuns: SyncRunRepository;
  sessionStore: SessionStore;
  signIn: SignInService;
  localUsers: LocalUserCreateService;
  translator: Translator;
  renderer: PageRenderer;
  readinessChecks: ReadinessCheck[];
  /** Present when ldap.enabled: the directory client and the sync use case. */
  directory: DirectoryWiring['directory'] | null;
  /** Single sign-on (OpenID Connect, SAML): finds, links or creates the account a provider vouched for. */
  accountLink: ExternalAccountLink;
  externalIdentities: ExternalIdentityRepository;
  /** Present when auth.oidc.enabled: the OpenID Connect relying party. */
  oidc: OidcClient | null;
  /** Present when auth.saml.enabled: SAML 2.0 sign-in (server/auth/saml). */
  saml: SamlServiceProvider | null;
  /** The microblog core: posting, following, groups, timelines, notifications. */
  core: CoreServices;
  /** Prometheus metrics of this node (GET /metrics). */
  metrics: Metrics;
  /** Purges posts and messages past the retention policy (daily job; `warble retention run`). */
  retention: RetentionPurge;
  /** Who did what: sign-ins, admin actions, tokens, syncs, backups, exports. */
  audit: AuditLog;
  auditEvents: AuditRepository;
  /** Bearer tokens; `tokens.revokeAllForUser(userId)` ends a person's API access (call it on deactivation). */
  tokens: TokenService;
  /** OAuth apps, consent, token grants, personal tokens and API profile edits. */
  apiAuth: ApiAuth;
  /** Present when redis.url is set: shared by the nodes for live events and rate limits. */
  redis: RedisConnection | null;
  /** Ends every session and token of a person and closes their live connections (on every node). */
  revoker: AccessRevoker;
  /** This node's Mastodon-streaming connections (server/realtime). */
  mastodonHub: MastodonHub;
  /** Loaded plugins: their routes, admin listing, hooks (server/plugins). */
  plugins: PluginHost;
  /** Named view slots plugins fill (`{{pluginSlot "sidebar"}}`). */
  viewSlots: ViewSlots;
  /** Settings changed on /admin/settings (name, logo, post length, default language, sign-up policy) over the config defaults. */
  instanceSettings: InstanceSettings;
  /** Background compliance exports requested on /admin/exports. */
  exports: ExportJobs;
  /** The first-run setup link, invitations and password resets by mail (issue 15). */
  people: PeopleServices;
  /**
   * Starts taking over recorded events whose node died before delivering
   * them (at once, then every second). Call once every sink is registered
   * (the server does, after live delivery is attached): a taken-over event
   * goes only to the sinks present.
   */
  startEventRecovery(): void;
  /** Present when auth.scim.enabled: SCIM provisioning's use cases and its bearer-token check (/scim/v2). */
  scim: { services: ScimServices; authenticator: ScimAuthenticator } | null;
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
  /** Home feeds kept on write (timelines.homeFeeds); one-shot CLI commands, which serve no timeline, build none. */
  homeFeeds?: boolean;
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
  const oidcSettings = config.auth.oidc.enabled ? resolveOidcSecret(config.auth.oidc) : null;
  const sessionSecret = await loadSessionSecret(config);
  const target = resolveDatabaseTarget(config.database.url, config.dataDir);
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? true });
  const sequelize = await openDatabase(config, target, logger, metrics, { migrate: options.migrate ?? true });
  const models = createModels(sequelize);
  // Before anything else holds resources: a broken IdP metadata file stops the start here.
  const saml = await wireSaml(config, sequelize, logger).catch(async (error: unknown) => {
    await sequelize.close();
    throw error;
  });
  // Before the session store and the current-user lookup, which read through it on every request.
  const reads = createReadQueries(sequelize, {
    sqliteStorage: target.dialect === 'sqlite' ? target.storage : undefined,
    busyTimeoutMs: config.database.busyTimeoutMs,
    // Counted with Sequelize's queries, so /metrics shows every statement a request runs (bench/company.ts divides by requests).
    onQuery: (sql, milliseconds) => metrics.dbQueryDuration.observe({ kind: statementKind(sql) }, milliseconds / 1000),
  });
  const viewerReads = new ViewerReadRepository(reads, models);
  const audience = new AudienceRepository(reads);
  const instanceSettings = new InstanceSettings(sequelize, config);
  await instanceSettings.load().catch((error: unknown) => logger.warn({ err: error }, 'instance settings not loaded; using the configuration'));
  // Events and plugin hooks exist before every service that tells or calls them; plugins fill the registry last.
  const events = createEventPublisher({ sequelize, models, logger, crashAfterCommit: process.env.WARBLE_TEST_CRASH_AFTER_COMMIT });
  // Events recorded by a node that died before delivering them: taken over at start-up and every second after.
  const outboxJob = (options.backgroundJobs ?? true) ? outboxRecoveryJob(events, logger, metrics) : null;
  const hooks = new HookRegistry({ filterMs: config.plugins.filterTimeoutMs, actionMs: config.plugins.actionTimeoutMs }, logger.child({ component: 'plugins' }));
  const hookCalls = pluginHookCalls(hooks, models);
  const viewSlots = new ViewSlots((pluginId, slot, error) => hooks.recordError(pluginId, `route:slot ${slot}`, error));
  const users = new UserRepository(models);
  const sessionStore = new SessionStore(models, config.session.maxAgeHours * 3600_000, reads);
  const auditEvents = new AuditRepository(models);
  const audit = new AuditLog(auditEvents, logger);
  const tokens = createTokenService(models, {
    onIssued: (record) =>
      audit.record({
        action: 'token.created',
        actorId: record.userId,
        actorLabel: record.userId ?? 'app',
        targetType: 'token',
        targetId: record.id,
        detail: { kind: record.kind, appId: record.appId, scopes: record.scopes, name: record.name },
      }),
    onRevoked: (tokenIds) => events.publish('token.revoked', { tokenIds: [...tokenIds] }),
  });
  const groups = new GroupRepository(models);
  const externalIdentities = new ExternalIdentityRepository(models);
  const photos = new UserPhotoRepository(models);
  const syncRuns = new SyncRunRepository(models);
  const redis = config.redis.url !== '' ? await connectRedis(config.redis, logger) : null;
  const revoker = new AccessRevoker(sessionStore, tokens, (userId) => events.publish('access.revoked', { userId }));
  const authenticators: Authenticator[] = [];
  // Local first: break-glass administrators sign in even when the directory is down.
  if (config.auth.local.enabled) authenticators.push(new LocalAuthenticator(users, ldapSettings === null));
  let directory: Container['directory'] = null;
  const jobs: IntervalJob[] = [];
  if (ldapSettings) {
    const wired = wireDirectory(ldapSettings, {
      sequelize,
      models,
      users,
      groups,
      photos,
      syncRuns,
      revoker,
      audit,
      hooks: hookCalls,
      events,
      logger,
      metrics,
      backgroundJobs: options.backgroundJobs ?? true,
    });
    authenticators.push(wired.authenticator);
    directory = wired.directory;
    if (wired.job) jobs.push(wired.job);
  }
  if (options.backgroundJobs ?? true) {
    // Anonymous visitors get a session for their CSRF secret; forget the expired ones.
    jobs.push(new IntervalJob({ name: 'session-purge', intervalMs: 3600_000, run: () => sessionStore.purgeExpired(), logger, metrics }));
    jobs.push(
      new IntervalJob({
        name: 'audit-retention',
        intervalMs: 6 * 3600_000,
        run: () => auditEvents.purgeOlderThan(new Date(Date.now() - config.audit.retentionDays * 86_400_000)),
        logger,
        metrics,
      }),
    );
  }
  for (const job of jobs) job.start();
  const signIn = createAuditedSignIn({ config, authenticators, users, redis, events, audit, metrics, logger });
  const profiles = new ProfileEditService({ sequelize, users, photos, audit, events });
  const apiAuth = createApiAuth({ models, users, signIn, tokens, profiles });
  const translator = await createTranslator();
  const renderer = createRenderer(translator, undefined, viewSlots);

  const readinessChecks = readinessChecksFor(sequelize, redis);

  const core = createCoreServices({
    sequelize,
    models,
    config,
    logger,
    reads,
    viewerReads,
    presentAccount: apiAccountOf,
    events,
    hooks: hookCalls,
    maxPostLength: () => instanceSettings.current().maxLength,
    audience,
    // CLI commands answer no home timeline: no feeds to ready. A post one writes reaches existing
    // feeds through the readers' high-water probe, as a post written by any other process does.
    homeFeedStore: (options.homeFeeds ?? true) ? homeFeedStoreFor(config.timelines, target.dialect, redis) : null,
    // CLI commands keep caches too: nothing reads them, but their writes' invalidations reach the serving nodes through Redis.
    readCache: {
      dialect: target.dialect,
      redis,
      nodeId: randomUUID(),
      onLookup: (cache, outcome, count) => metrics.readCacheLookups.inc({ cache, outcome }, count),
    },
  });
  await core.readCaches?.invalidation.listen();
  if (core.homeFeeds) {
    const mergedAuthorsJob = await startHomeFeeds(core.homeFeeds, { feedSize: config.timelines.feedSize, logger, metrics });
    if (options.backgroundJobs ?? true) {
      jobs.push(mergedAuthorsJob);
      mergedAuthorsJob.start();
    }
  }
  const communication = createCommunicationServices({
    config,
    sequelize,
    dialect: target.dialect,
    models,
    reads,
    users,
    core,
    hooks: hookCalls,
    audit,
    revoker,
    translator,
    instanceSettings,
    sessionSecret,
    logger,
    metrics,
    backgroundJobs: options.backgroundJobs ?? true,
  });
  for (const job of communication.jobs) {
    jobs.push(job);
    job.start();
  }

  const localUsers = new LocalUserCreateService(sequelize, users, events);
  const people = createPeopleServices({ config, sequelize, models, users, localUsers, revoker, audit, translator, instanceSettings, redis, logger });

  const built: Container = {
    config,
    logger,
    sessionSecret,
    sequelize,
    models,
    users,
    viewerReads,
    audience,
    groups,
    photos,
    profiles,
    syncRuns,
    sessionStore,
    signIn,
    localUsers,
    people,
    accountLink: new ExternalAccountLink(sequelize, users, externalIdentities, new DirectoryGroupMirror(groups), events),
    externalIdentities,
    oidc: oidcSettings
      ? new OidcClient(oidcSettings, `${config.publicUrl}/auth/oidc/callback`, `${config.publicUrl}/login`, logger.child({ component: 'oidc' }))
      : null,
    translator,
    renderer,
    readinessChecks,
    directory,
    saml,
    tokens,
    apiAuth,
    metrics,
    audit,
    auditEvents,
    core,
    redis,
    revoker,
    mastodonHub: new MastodonHub(),
    plugins: undefined as unknown as PluginHost,
    retention: undefined as unknown as RetentionPurge,
    exports: undefined as unknown as ExportJobs,
    ...communication.services,
    viewSlots,
    instanceSettings,
    scim: config.auth.scim.enabled
      ? {
          services: createScimServices({ sequelize, models, users, groups, revoker, audit, events, logger }),
          authenticator: new ScimAuthenticator(config.auth.scim.token, redis ? redisLimiterFactory(redis) : undefined),
        }
      : null,
    startEventRecovery: () => {
      if (!outboxJob) return;
      outboxJob.start();
      void outboxJob.tick();
    },
    close: async () => {
      // No takeover starts once closing; rows still undelivered stay for the next node.
      await outboxJob?.stop();
      // Live delivery, notifications and plugin actions of writes already acknowledged still read the database.
      await events.drain(config.http.shutdownTimeoutMs);
      await built.plugins?.stop();
      // Buffered impressions are written before the database closes.
      await communication.close();
      people.close();
      await Promise.all(jobs.map((job) => job.stop()));
      await built.exports?.drain();
      await reads.close();
      await sequelize.close();
      await redis?.close();
    },
  };
  built.retention = new RetentionPurge({
    sequelize,
    leases: new LeaseRepository(models),
    storage: built.core.posts.mediaStorage,
    logger,
    audit,
    policy: config.retention,
    events,
  });
  if (options.backgroundJobs ?? true) {
    const retentionJob = new IntervalJob({ name: 'retention', intervalMs: 24 * 3600_000, run: () => built.retention.run(), logger, metrics });
    jobs.push(retentionJob);
    retentionJob.start();
  }
  built.exports = new ExportJobs({ sequelize, storage: built.core.posts.mediaStorage, audit, logger });
  // A server starting up owns no export yet: rows still 'running' were cut off by a restart (see export-jobs.ts).
  if (options.backgroundJobs ?? true) await built.exports.failInterrupted().catch((error: unknown) => logger.warn({ err: error }, 'interrupted exports not marked failed'));
  built.plugins = new PluginHost({
    config: { enabled: config.plugins.enabled, dir: config.plugins.dir, settings: pluginSettings(config.plugins) },
    baseUrl: config.publicUrl,
    sequelize,
    models,
    users,
    groups,
    posts: built.core.posts.create,
    events,
    hooks,
    slots: viewSlots,
    logger: logger.child({ component: 'plugins' }),
    backgroundJobs: options.backgroundJobs ?? true,
  });
  try {
    await built.plugins.start();
  } catch (error) {
    await built.close();
    throw error;
  }
  return built;
}

/** plugins.<id> sections: everything under plugins except Warble's own keys. */
function pluginSettings(section: WarbleConfig['plugins']): Record<string, unknown> {
  const { enabled: _enabled, dir: _dir, filterTimeoutMs: _filter, actionTimeoutMs: _action, ...settings } = section;
  return settings;
}
