/**
 * Scheduled plugin jobs. Every node runs the same timers; before each run a
 * node takes a database lease named after the job and the due time, so one
 * node runs it and the others skip. A run never overlaps the previous one
 * on the same node, and stop() waits for runs in progress.
 */
import { PendingWork } from '../jobs/pending-work.js';
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import type { LeaseRepository } from '../db/repositories/lease-repository.js';
import type { ScheduleOptions } from './api.js';

export interface ScheduledJob {
  pluginId: string;
  name: string;
  options: ScheduleOptions;
  run: () => Promise<void>;
}

export class PluginScheduler {
  private readonly holder = randomUUID();
  private readonly timers: Array<{ stop(): void }> = [];
  private readonly running = new PendingWork();
  private readonly busy = new Set<string>();

  constructor(
    private readonly leases: LeaseRepository,
    private readonly onError: (job: ScheduledJob, error: unknown) => void,
  ) {}

  /** Throws on an invalid cron expression or interval (checked at start-up). */
  static check(options: ScheduleOptions): void {
    if ((options.everyMs === undefined) === (options.cron === undefined)) throw new Error('give exactly one of everyMs or cron');
    if (options.everyMs !== undefined && (!Number.isInteger(options.everyMs) || options.everyMs < 1000)) {
      throw new Error('everyMs must be a whole number of at least 1000');
    }
    if (options.cron !== undefined) new Cron(options.cron, { timezone: options.timezone ?? 'UTC', paused: true }).stop();
  }

  start(job: ScheduledJob): void {
    const { everyMs, cron, timezone } = job.options;
    if (everyMs !== undefined) {
      // Every node fires on the same wall-clock multiples of everyMs, so they agree on which occurrence is due.
      const fire = () => this.tick(job, everyMs, Math.round(Date.now() / everyMs));
      let interval: NodeJS.Timeout | undefined;
      const align = setTimeout(() => {
        fire();
        interval = setInterval(fire, everyMs);
        interval.unref();
      }, everyMs - (Date.now() % everyMs));
      align.unref();
      this.timers.push({
        stop: () => {
          clearTimeout(align);
          if (interval) clearInterval(interval);
        },
      });
    } else if (cron !== undefined) {
      const task = new Cron(cron, { timezone: timezone ?? 'UTC', unref: true }, () => {
        // Cron fires at whole minutes on every node: the minute names the occurrence.
        this.tick(job, 60_000, Math.round(Date.now() / 60_000));
      });
      this.timers.push({ stop: () => task.stop() });
    }
  }

  /** Runs one due occurrence if this node wins the lease for it. */
  private tick(job: ScheduledJob, ttlMs: number, slot: number): void {
    const key = `plugin:${job.pluginId}:${job.name}`;
    if (this.busy.has(key)) return;
    this.busy.add(key);
    const run = (async () => {
      // The lease name carries the occurrence, so each one runs once across nodes; it expires on its own.
      const won = await this.leases.acquire(`${key}:${slot}`, this.holder, Math.max(ttlMs, 60_000));
      if (won) await job.run();
    })()
      .catch((error: unknown) => this.onError(job, error))
      .finally(() => this.busy.delete(key));
    this.running.track(run);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) timer.stop();
    await this.running.settled();
  }
}
