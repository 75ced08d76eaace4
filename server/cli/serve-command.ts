/** `warble serve`: start the HTTP server on the configured port. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { logUnhandledRejections } from '../logging/last-resort.js';
import { describeUnknownVariable, unknownWarbleVariables } from '../config/unknown-variables.js';
import { createLogger } from '../logging/logger.js';
import { startServer, stopOnSignals } from '../main.js';
import { reportAndExit } from './report.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start Warble (applies pending database migrations first)')
    .action(async () => {
      try {
        const config = loadConfig();
        const logger = createLogger(config.logLevel);
        logUnhandledRejections(logger);
        for (const variable of unknownWarbleVariables(process.env, config)) {
          logger.warn({ variable: variable.name, closest: variable.closest }, describeUnknownVariable(variable));
        }
        const running = await startServer(config, logger);
        stopOnSignals(running, logger);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
