/** Runs a CLI command against the configured database, then releases it. */
import { loadConfig } from '../config/load-config.js';
import { buildContainer, type Container } from '../container.js';
import { createLogger } from '../logging/logger.js';

export async function withContainer<T>(
  work: (container: Container) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { stream: 'stderr' });
  const container = await buildContainer(config, logger, { migrate: options.migrate ?? true, backgroundJobs: false, homeFeeds: false });
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}
