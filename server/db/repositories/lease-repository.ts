/**
 * Database leases: "node X runs job J until T". Taking a lease is one atomic
 * statement (insert, or update only if expired), so two nodes never both win.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import type { Models } from '../models/index.js';

export class LeaseRepository {
  constructor(private readonly models: Models) {}

  /**
   * True when `holder` now holds `name` for `ttlMs`. A live lease refuses
   * everyone, its own holder included: two runs started in one process share
   * a holder, and "I already hold it" would let both through (see renew).
   */
  async acquire(name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const [taken] = await this.models.JobLease.update(
      { holder, expiresAt },
      { where: { name, expiresAt: { [Op.lte]: now } } },
    );
    if (taken > 0) return true;
    try {
      await this.models.JobLease.create({ name, holder, expiresAt });
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintError) return false;
      throw error;
    }
  }

  /** Extends a lease `holder` already holds; false when it was lost (expired and taken by another). */
  async renew(name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
    const [renewed] = await this.models.JobLease.update(
      { expiresAt: new Date(now.getTime() + ttlMs) },
      { where: { name, holder } },
    );
    return renewed > 0;
  }

  /** Gives the lease back early (only if still ours). */
  async release(name: string, holder: string): Promise<void> {
    await this.models.JobLease.destroy({ where: { name, holder } });
  }
}
