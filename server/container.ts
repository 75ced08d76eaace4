/**
 * Builds every dependency once, in a fixed order, before anything listens.
 * Everything else receives what it needs from here; nothing reaches for globals.
 */
import type { Sequelize } from 'sequelize';
import { LocalAuthenticator } from './auth/local-authenticator.js';
import type { Authenticator } from './auth/authenticator.js';
import { SessionStore } from './auth/session-store.js';
import { SignInService } from './auth/sign-in.js';
import type { WarbleConfig } from './config/schema.js';
import { loadSessionSecret } from './config/session-secret.js';
import { connectDatabase } from './db/connect.js';
import { resolveDatabaseTarget } from './db/database-url.js';
import { migrateUp, migrationStatus } from './db/migrator.js';
import { createModels, type Models } from './db/models/index.js';
import { UserRepository } from './db/repositories/user-repository.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { createRenderer, type PageRenderer } from './http/views/renderer.js';
import { createTranslator, type Translator } from './i18n/translator.js';
import type { Logger } from './logging/logger.js';
import { SignInLimiter } from './security/sign-in-limiter.js';
import { LocalUserCreateService } from './services/local-user-create.js';

export interface Container {
  config: WarbleConfig;
  logger: Logger;
  sessionSecret: string;
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  sessionStore: SessionStore;
  signIn: SignInService;
  localUsers: LocalUserCreateService;
  translator: Translator;
  renderer: PageRenderer;
  readinessChecks: ReadinessCheck[];
  /** Releases every resource (database connections, timers). */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Apply pending migrations at start (serve does; `warble migrate` is the explicit form). */
  migrate?: boolean;
}

export async function buildContainer(
  config: WarbleConfig,
  logger: Logger,
  options: BuildOptions = {},
): Promise<Container> {
  const sessionSecret = await loadSessionSecret(config);
  const target = resolveDatabaseTarget(config.database.url, config.dataDir);
  const sequelize = await connectDatabase({
    target,
    poolMax: config.database.poolMax,
    busyTimeoutMs: config.database.busyTimeoutMs,
    logger,
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
  const authenticators: Authenticator[] = [];
  if (config.auth.local.enabled) authenticators.push(new LocalAuthenticator(users, true));
  const limiter = new SignInLimiter(config.auth.signInRateLimit);
  const signIn = new SignInService(authenticators, users, limiter, logger);
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

  return {
    config,
    logger,
    sessionSecret,
    sequelize,
    models,
    users,
    sessionStore,
    signIn,
    localUsers: new LocalUserCreateService(sequelize, users),
    translator,
    renderer,
    readinessChecks,
    close: async () => {
      await sequelize.close();
    },
  };
}
