/**
 * Applies the retention policy: purges posts and direct messages older than
 * their period (a group's override wins over the general post period), except
 * those written by, or addressed to, people under legal hold. Runs once across
 * nodes (a lease); each batch is one transaction; files of purged attachments
 * are removed after their rows are gone, and authors' counters are recounted.
 */
import type { EventPublisher } from '../events.js';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { LeaseRepository } from '../../db/repositories/lease-repository.js';
import { firstIdAt } from '../../domain/ids.js';
import type { Logger } from '../../logging/logger.js';
import type { MediaStorage } from '../../storage/media-storage.js';
import type { AuditLog } from '../audit/audit-log.js';

export interface RetentionPolicy {
  postDays: number;
  messageDays: number;
  /** `slug:days` entries. */
  groupDays: readonly string[];
}

export interface RetentionReport {
  status: 'done' | 'skipped';
  purged: number;
}

const LEASE = 'retention';
const LEASE_TTL_MS = 30 * 60_000;
const BATCH = 500;
const DAY = 86_400_000;

/** Posts by, or direct posts addressed to, someone under legal hold are never candidates. */
const NOT_HELD = `p.author_id NOT IN (SELECT user_id FROM legal_holds)
  AND NOT EXISTS (SELECT 1 FROM post_mentions m JOIN legal_holds h ON h.user_id = m.user_id
                  WHERE m.post_id = p.id AND p.visibility = 'direct')`;

export class RetentionPurge {
  readonly #holder = `retention-${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly deps: {
      sequelize: Sequelize;
      leases: LeaseRepository;
      storage: MediaStorage;
      logger: Logger;
      audit: AuditLog;
      policy: RetentionPolicy;
      /** Purged posts are told (`posts.purged`) in the deleting transaction: read caches on every node drop them. */
      events: Pick<EventPublisher, 'record'>;
    },
  ) {}

  async run(now: Date = new Date()): Promise<RetentionReport> {
    const { leases, logger, audit } = this.deps;
    if (!(await leases.acquire(LEASE, this.#holder, LEASE_TTL_MS, now))) return { status: 'skipped', purged: 0 };
    try {
      let purged = 0;
      for (const rule of await this.rules(now)) purged += await this.purgeWhere(rule.where, rule.replacements);
      if (purged > 0) {
        logger.info({ purged, event: 'retention.purged' }, 'retention purged old posts');
        await audit.record({ action: 'retention.purged', actorId: null, actorLabel: 'system', detail: { purged } });
      }
      return { status: 'done', purged };
    } finally {
      await leases.release(LEASE, this.#holder);
    }
  }

  /** One SQL condition per policy line; groups with an override are excluded from the general rule. */
  private async rules(now: Date): Promise<Array<{ where: string; replacements: Record<string, unknown> }>> {
    const { policy, sequelize } = this.deps;
    const cutoff = (days: number) => firstIdAt(new Date(now.getTime() - days * DAY));
    const overrides = policy.groupDays.map((entry) => {
      const [slug, days] = entry.split(':');
      return { slug: slug!, days: Number(days) };
    });
    const overridden = overrides.length
      ? (
          await sequelize.query<{ id: string }>('SELECT id FROM groups WHERE slug IN (:slugs)', {
            replacements: { slugs: overrides.map((o) => o.slug) },
            type: QueryTypes.SELECT,
          })
        ).map((row) => row.id)
      : [];
    const rules: Array<{ where: string; replacements: Record<string, unknown> }> = [];
    if (policy.postDays > 0) {
      rules.push({
        where: `p.visibility <> 'direct' AND p.id < :cutoff${overridden.length ? ' AND (p.group_id IS NULL OR p.group_id NOT IN (:overridden))' : ''}`,
        replacements: { cutoff: cutoff(policy.postDays), overridden },
      });
    }
    if (policy.messageDays > 0) {
      rules.push({ where: `p.visibility = 'direct' AND p.id < :cutoff`, replacements: { cutoff: cutoff(policy.messageDays) } });
    }
    for (const override of overrides.filter((o) => o.days > 0)) {
      rules.push({
        where: 'p.group_id IN (SELECT id FROM groups WHERE slug = :slug) AND p.id < :cutoff',
        replacements: { slug: override.slug, cutoff: cutoff(override.days) },
      });
    }
    return rules;
  }

  private async purgeWhere(where: string, replacements: Record<string, unknown>): Promise<number> {
    const { sequelize, storage } = this.deps;
    let total = 0;
    for (;;) {
      const batch = await sequelize.query<{ id: string; author_id: string }>(
        `SELECT p.id, p.author_id FROM posts p WHERE ${where} AND ${NOT_HELD} ORDER BY p.id LIMIT ${BATCH}`,
        { replacements, type: QueryTypes.SELECT },
      );
      if (batch.length === 0) return total;
      const ids = batch.map((row) => row.id);
      const authors = [...new Set(batch.map((row) => row.author_id))];
      const files = await sequelize.transaction(async (transaction) => {
        const attachments = await sequelize.query<{ storage_key: string; preview_key: string | null }>(
          'SELECT storage_key, preview_key FROM attachments WHERE post_id IN (:ids)',
          { replacements: { ids }, type: QueryTypes.SELECT, transaction },
        );
        await sequelize.query('DELETE FROM attachments WHERE post_id IN (:ids)', { replacements: { ids }, transaction });
        // Replies keep living (their parent link is cleared by the foreign key); reposts of a purged post go with it.
        await sequelize.query('DELETE FROM posts WHERE id IN (:ids)', { replacements: { ids }, transaction });
        await sequelize.query(
          `UPDATE users SET posts_count = (SELECT COUNT(*) FROM posts WHERE posts.author_id = users.id
             AND posts.deleted_at IS NULL AND posts.repost_of_id IS NULL) WHERE id IN (:authors)`,
          { replacements: { authors }, transaction },
        );
        await this.deps.events.record(transaction, 'posts.purged', { postIds: ids, authorIds: authors });
        return attachments.flatMap((row) => [row.storage_key, ...(row.preview_key ? [row.preview_key] : [])]);
      });
      await Promise.all(files.map((key) => storage.delete(key)));
      total += ids.length;
    }
  }
}
