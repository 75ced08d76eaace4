/**
 * The last line of defence of a serving node: a promise rejection that no
 * code handled is logged as the bug it is, instead of ending the process
 * (Node.js's default) and every request and live connection with it. Each
 * known path handles its own rejections; this only keeps an unknown one from
 * turning a degraded dependency into an outage. Thrown exceptions still end
 * the process: their state is unknown.
 */
import type { Logger } from './logger.js';

export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled rejection (a bug: please report it); the node keeps serving');
  });
}
