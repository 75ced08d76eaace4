/**
 * Containers start in any order: PostgreSQL may still be starting when a
 * node does. Until `database.connectTimeoutSeconds` have passed, a failed
 * first connection is retried with exponential backoff (each retry logged);
 * then, or at once for a failure no wait can fix (a wrong password), the
 * node stops with a message naming the key and the address it tried, never
 * the password.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sequelize } from 'sequelize';
import { ConfigError } from '../config/config-error.js';
import { printableUrl } from '../config/printable-url.js';
import type { Logger } from '../logging/logger.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 5_000;

export async function waitForDatabase(sequelize: Sequelize, url: string, timeoutSeconds: number, logger: Logger): Promise<void> {
  const address = printableUrl(url);
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sequelize.authenticate();
      if (attempt > 1) logger.info({ address, attempts: attempt }, 'database reachable');
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryInMs = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS, Math.max(0, deadline - Date.now()));
      if (!isDatabaseUnavailable(error)) {
        throw new ConfigError(`database.url (WARBLE_DATABASE_URL): cannot use the database at ${address}: ${reason}`);
      }
      if (retryInMs <= 0) {
        throw new ConfigError(
          `database.url (WARBLE_DATABASE_URL): the database at ${address} did not answer within ` +
            `${timeoutSeconds} s (database.connectTimeoutSeconds, WARBLE_DATABASE_CONNECT_TIMEOUT_SECONDS): ${reason}`,
        );
      }
      logger.warn({ address, attempt, retryInMs, reason }, 'waiting for the database');
      await sleep(retryInMs);
    }
  }
}
