/**
 * Runs directory sync every `ldap.syncIntervalMinutes`. The timer does not
 * keep the process alive, a slow run never overlaps the next one, and stop()
 * waits for a run in progress so the database is not closed under it.
 */
import type { Logger } from '../logging/logger.js';
import type { DirectorySyncService } from './directory-sync.js';

export class DirectorySyncScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly sync: DirectorySyncService,
    private readonly intervalMinutes: number,
    private readonly logger: Logger,
  ) {}

  /** Starts the timer (no-op when the interval is 0). */
  start(): void {
    if (this.intervalMinutes <= 0 || this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.intervalMinutes * 60_000);
    this.#timer.unref();
    this.logger.info({ intervalMinutes: this.intervalMinutes }, 'directory sync scheduled');
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  private tick(): void {
    if (this.#running) return;
    this.#running = this.sync
      .run('interval')
      .catch((error: unknown) => this.logger.error({ err: error }, 'directory sync crashed'))
      .finally(() => {
        this.#running = undefined;
      });
  }
}
