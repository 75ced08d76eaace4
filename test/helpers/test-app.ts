/**
 * Builds a real Warble app (real database, real migrations) without listen(),
 * for supertest. Configuration goes through the same loader as production.
 */
import type Koa from 'koa';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config/load-config.js';
import type { WarbleConfig } from '../../server/config/schema.js';
import { buildContainer, type Container } from '../../server/container.js';
import type { AppState } from '../../server/http/context.js';
import { createLogger, type Logger } from '../../server/logging/logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: Koa<AppState>;
  callback: ReturnType<Koa<AppState>['callback']>;
  container: Container;
  config: WarbleConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Options that are not configuration: e.g. a logger whose output the test reads (see log-capture.ts). */
export interface TestAppOptions {
  logger?: Logger;
}

/** `env` takes WARBLE_* overrides, exactly as an operator would set them. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  let config: WarbleConfig;
  let container: Container;
  try {
    config = loadConfig({
      env: {
        WARBLE_DATA_DIR: database.dataDir,
        WARBLE_DATABASE_URL: database.url,
        WARBLE_LOG_LEVEL: process.env.WARBLE_TEST_LOG_LEVEL ?? 'silent',
        ...env,
      },
      cwd: database.dataDir,
    });
    container = await buildContainer(config, options.logger ?? createLogger(config.logLevel), {
      migrate: true,
      processMetrics: false,
    });
  } catch (error) {
    // Tests that expect start-up to fail must not leave their database behind.
    await database.drop();
    throw error;
  }
  const app = createApp(container);
  return {
    app,
    callback: app.callback(),
    container,
    config,
    database,
    close: async () => {
      await container.close();
      await database.drop();
    },
  };
}

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' };
export const MEMBER = { username: 'bob', displayName: 'Bob Builder', password: 'bobs secret words' };

/** The standard world most web tests start from: an administrator and one member. */
export async function seedPeople(testApp: TestApp): Promise<void> {
  await testApp.container.localUsers.create({ ...ADMIN, isAdmin: true });
  await testApp.container.localUsers.create(MEMBER);
}
