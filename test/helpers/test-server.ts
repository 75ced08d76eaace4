/** A real listening Warble on a throwaway database and a free port, for browser tests. */
import { loadConfig } from '../../server/config/load-config.js';
import { createLogger, type Logger } from '../../server/logging/logger.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestServer {
  url: string;
  running: RunningServer;
  close(): Promise<void>;
}

/** `options.logger`: a logger whose output the test reads (see log-capture.ts), e.g. for the setup link. */
export async function startTestServer(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestServer> {
  const database: TestDatabase = await createTestDatabase();
  let running: RunningServer;
  try {
    const config = loadConfig({
      env: {
        WARBLE_DATA_DIR: database.dataDir,
        WARBLE_DATABASE_URL: database.url,
        WARBLE_PORT: '0',
        WARBLE_LOG_LEVEL: process.env.WARBLE_TEST_LOG_LEVEL ?? 'silent',
        ...env,
      },
      cwd: database.dataDir,
    });
    running = await startServer(config, options.logger ?? createLogger(config.logLevel));
  } catch (error) {
    // Tests that expect start-up to fail must not leave their database behind.
    await database.drop();
    throw error;
  }
  return {
    url: running.url,
    running,
    close: async () => {
      await running.stop();
      await database.drop();
    },
  };
}
