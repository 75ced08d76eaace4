/**
 * Runs a background job every N milliseconds. The timer does not keep the
 * process alive, a slow run never overlaps the next one, failures are logged
 * (never thrown), and stop() waits for a run in progress so the database is
 * not closed under it. Jobs that must run once across several nodes take a
 * lease inside `run` (see directory sync); idempotent jobs need none.
 */
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface IntervalJobOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  logger: Logger;
  metrics?: Metrics;
}

export class IntervalJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(private readonly options: IntervalJobOptions) {}

  /** Starts the timer (no-op when the interval is 0 or less). */
  start(): void {
    if (this.options.intervalMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.#timer.unref();
    this.options.logger.info({ job: this.options.name, intervalMs: this.options.intervalMs }, 'job scheduled');
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One run now, unless one is already in progress. */
  tick(): Promise<unknown> {
    if (this.#running) return this.#running;
    const { name, run, logger, metrics } = this.options;
    this.#running = run()
      .then(
        () => metrics?.jobRuns.inc({ job: name, outcome: 'succeeded' }),
        (error: unknown) => {
          metrics?.jobRuns.inc({ job: name, outcome: 'failed' });
          logger.error({ err: error, job: name }, 'job failed');
        },
      )
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }
}
