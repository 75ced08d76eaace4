/**
 * `warble digest run` and the servers' digest job: sends every digest due
 * now, once. The run holds a lease (one node at a time does the work), and
 * each (person, period) is claimed by inserting its row before anything is
 * sent, so a second run, a second node or an overlapping cron job never
 * sends twice. Nothing new means nothing sent (the row says `skipped`); a
 * relay that is down leaves rows `failed`, and a later run sends them.
 */
import { Op } from 'sequelize';
import type { Language } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import type { DigestDeliveryRepository } from '../../db/repositories/digest-delivery-repository.js';
import type { LeaseRepository } from '../../db/repositories/lease-repository.js';
import type { Logger } from '../../logging/logger.js';
import type { Mailer } from '../../mail/mailer.js';
import type { DigestCollector } from './digest-collector.js';
import { isEmptyDigest, type DigestContent } from './digest-content.js';
import type { DigestMailComposer } from './digest-mail.js';
import { duePeriods, type DigestSchedule, type DuePeriod } from './digest-period.js';

export interface DigestRunOptions {
  /** The time the run acts at (tests; default: now). */
  now?: Date;
  /** Only this person (by user name). */
  username?: string;
  /** Collect and count, but claim and send nothing. */
  dryRun?: boolean;
}

export interface DigestRunReport {
  /** done; busy: another node holds the run; off: no relay configured (smtp.host). */
  status: 'done' | 'busy' | 'off';
  /** Period keys due at this time, e.g. daily:2026-11-22. */
  due: string[];
  sent: number;
  /** Nothing new for the person: recorded, nothing sent. */
  skipped: number;
  failed: number;
  /** Already handled for this period (by an earlier run or another node). */
  alreadyDone: number;
  dryRun: boolean;
}

export interface DigestRunDeps {
  models: Models;
  leases: LeaseRepository;
  deliveries: DigestDeliveryRepository;
  collector: DigestCollector;
  composer: DigestMailComposer;
  /** Null when smtp.host is empty. */
  mailer: Mailer | null;
  schedule: DigestSchedule;
  /** publicUrl without a trailing slash. */
  baseUrl: string;
  sessionSecret: string;
  /** Instance settings in effect (name and default language can change on /admin/settings). */
  instance: () => { name: string; defaultLanguage: Language };
  logger: Logger;
}

const LEASE = 'digests';
const LEASE_TTL_MS = 30 * 60_000;
const USER_BATCH = 200;

export class DigestRun {
  readonly #holder = `digests-${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly deps: DigestRunDeps) {}

  async run(options: DigestRunOptions = {}): Promise<DigestRunReport> {
    const now = options.now ?? new Date();
    const dryRun = options.dryRun === true;
    const periods = duePeriods(now, this.deps.schedule);
    const report: DigestRunReport = { status: 'done', due: periods.map((p) => p.periodKey), sent: 0, skipped: 0, failed: 0, alreadyDone: 0, dryRun };
    if (!this.deps.mailer && !dryRun) return { ...report, status: 'off' };
    if (periods.length === 0) return report;
    const { leases } = this.deps;
    if (!dryRun && !(await leases.acquire(LEASE, this.#holder, LEASE_TTL_MS, now))) return { ...report, status: 'busy' };
    try {
      let handled = 0;
      for await (const batch of this.recipients(periods, options.username)) {
        const done = await this.alreadyDone(batch, periods);
        for (const user of batch) {
          const period = periods.find((p) => p.frequency === user.digestFrequency)!;
          if (done.has(`${user.id} ${period.periodKey}`)) {
            report.alreadyDone += 1;
            continue;
          }
          await (dryRun ? this.preview(user, period, now, report) : this.deliver(user, period, now, report));
          // Keep the lease while a large company is worked through.
          if (!dryRun && ++handled % 50 === 0) await leases.renew(LEASE, this.#holder, LEASE_TTL_MS);
        }
      }
    } finally {
      if (!dryRun) await leases.release(LEASE, this.#holder);
    }
    if (report.sent + report.failed > 0) this.deps.logger.info({ event: 'digest.run', ...report }, 'digests sent');
    return report;
  }

  /** Active people with an address whose chosen frequency is due, in id order, a batch at a time. */
  private async *recipients(periods: readonly DuePeriod[], username: string | undefined): AsyncGenerator<UserModel[]> {
    let after = '';
    for (;;) {
      const batch = await this.deps.models.User.findAll({
        where: {
          id: { [Op.gt]: after },
          digestFrequency: { [Op.in]: periods.map((p) => p.frequency) },
          deactivatedAt: null,
          suspendedAt: null,
          isBot: false,
          email: { [Op.and]: [{ [Op.ne]: null }, { [Op.ne]: '' }] },
          ...(username !== undefined ? { username } : {}),
        },
        order: [['id', 'ASC']],
        limit: USER_BATCH,
      });
      if (batch.length > 0) yield batch;
      const last = batch[batch.length - 1];
      if (!last || batch.length < USER_BATCH) return;
      after = last.id;
    }
  }

  /** Claims, collects, sends and records one person's digest; a failure is recorded for a later run. */
  private async deliver(user: UserModel, period: DuePeriod, now: Date, report: DigestRunReport): Promise<void> {
    const { deliveries, logger } = this.deps;
    const delivery = await deliveries.claim(user.id, period.periodKey, now);
    if (!delivery) {
      report.alreadyDone += 1;
      return;
    }
    try {
      const window = this.windowOf(user, period, now);
      const content = await this.deps.collector.collect(user, window, this.deps.baseUrl);
      if (isEmptyDigest(content)) {
        await deliveries.finish(delivery, 'skipped', countsOf(content), window.until, now);
        report.skipped += 1;
        return;
      }
      const instance = this.deps.instance();
      const message = this.deps.composer.compose(
        { id: user.id, displayName: user.displayName, email: user.email!, locale: user.locale, timeZone: user.timeZone ?? null },
        period.frequency,
        content,
        { baseUrl: this.deps.baseUrl, instanceName: instance.name, defaultLanguage: instance.defaultLanguage, sessionSecret: this.deps.sessionSecret },
      );
      await this.deps.mailer!.send(message);
      await deliveries.finish(delivery, 'sent', countsOf(content), window.until, now);
      report.sent += 1;
    } catch (error) {
      report.failed += 1;
      logger.warn({ err: error, userId: user.id, period: period.periodKey, event: 'digest.failed' }, 'digest not sent; a later run retries');
      await deliveries.fail(delivery, (error as Error)?.message ?? String(error)).catch((recordError: unknown) =>
        logger.error({ err: recordError, userId: user.id }, 'digest failure not recorded; the claim expires and is retried'),
      );
    }
  }

  /**
   * `userId periodKey` of the batch's digests already sent or skipped: one
   * query per batch, so the runs every few minutes after the day's digests
   * went out cost one read per 200 people, not a refused insert per person.
   */
  private async alreadyDone(batch: readonly UserModel[], periods: readonly DuePeriod[]): Promise<Set<string>> {
    const rows = await this.deps.models.DigestDelivery.findAll({
      where: { userId: { [Op.in]: batch.map((user) => user.id) }, periodKey: { [Op.in]: periods.map((p) => p.periodKey) }, status: { [Op.in]: ['sent', 'skipped'] } },
      attributes: ['userId', 'periodKey'],
    });
    return new Set(rows.map((row) => `${row.userId} ${row.periodKey}`));
  }

  /** Dry run: what would happen, without claiming or sending. */
  private async preview(user: UserModel, period: DuePeriod, now: Date, report: DigestRunReport): Promise<void> {
    const content = await this.deps.collector.collect(user, this.windowOf(user, period, now), this.deps.baseUrl);
    if (isEmptyDigest(content)) report.skipped += 1;
    else report.sent += 1;
  }

  /** From where the last digest stopped (or one period back for a first digest) up to now. */
  private windowOf(user: UserModel, period: DuePeriod, now: Date): { since: Date; until: Date } {
    const since = user.digestCoveredUntil ? new Date(user.digestCoveredUntil) : new Date(now.getTime() - period.lengthMs);
    return { since, until: now };
  }
}

function countsOf(content: DigestContent) {
  return {
    mentions: content.mentions.length,
    messages: content.messages.length,
    announcements: content.announcements.length,
    posts: content.popular.length,
  };
}
