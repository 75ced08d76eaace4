/**
 * Database leases: "node X runs job J until T". Taking a lease is one atomic
 * statement (insert, or update only if expired), so two nodes never both win.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import type { Models } from '../models/index.js';

export class LeaseRepository {
  constructor(private readonly models: Models) {}

  /** True when `holder` now holds `name` for `ttlMs` (also when it already held it). */
  async acquire(name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const [taken] = await this.models.JobLease.update(
      { holder, expiresAt },
      { where: { name, [Op.or]: [{ expiresAt: { [Op.lte]: now } }, { holder }] } },
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

  /** Gives the lease back early (only if still ours). */
  async release(name: string, holder: string): Promise<void> {
    await this.models.JobLease.destroy({ where: { name, holder } });
  }
}
