/**
 * The outbox table (migration 0018-outbox): side effects recorded in the
 * write's transaction, claimed by the node delivering them. A claim is a
 * time limit, renewed while the node works; a row whose claim ran out
 * belongs to a node that died and is taken over by one conditional UPDATE,
 * so two nodes never both take it. Each write outside the caller's
 * transaction runs in one of its own (on SQLite: queued behind the write
 * lock, never waiting inside SQLite's busy handler).
 */
import { Op, literal, type Sequelize, type Transaction } from 'sequelize';
import type { Models } from '../models/index.js';

export interface OutboxEntry {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
}

export interface ClaimedOutboxEntry extends OutboxEntry {
  /** Deliveries started so far, this one included. */
  attempts: number;
}

export class OutboxRepository {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  /** Inside the write's transaction: the rows commit, or roll back, with the write. */
  async add(entries: OutboxEntry[], holder: string, claimedUntil: Date, transaction: Transaction): Promise<void> {
    const createdAt = new Date();
    await this.models.OutboxEvent.bulkCreate(
      entries.map((entry) => ({ ...entry, claimedBy: holder, claimedUntil, attempts: 1, createdAt })),
      { transaction },
    );
  }

  /** Delivered: the rows go. */
  async complete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sequelize.transaction((transaction) => this.models.OutboxEvent.destroy({ where: { id: ids }, transaction }));
  }

  /** Extends the claims of `holder` on the rows it is still delivering. */
  async renew(holder: string, ids: string[], claimedUntil: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.sequelize.transaction((transaction) =>
      this.models.OutboxEvent.update({ claimedUntil }, { where: { id: ids, claimedBy: holder }, transaction }),
    );
  }

  /** Takes over up to `limit` rows whose claim ran out by `now`, oldest first; returns those `holder` won. */
  async claimStale(holder: string, claimedUntil: Date, now: Date, limit: number): Promise<ClaimedOutboxEntry[]> {
    const stale = await this.models.OutboxEvent.findAll({
      attributes: ['id'],
      where: { claimedUntil: { [Op.lte]: now } },
      order: [['id', 'ASC']],
      limit,
    });
    if (stale.length === 0) return [];
    const ids = stale.map((row) => row.id);
    // Conditional on the claim still being stale: of two nodes sweeping at once, each row goes to one.
    const won = await this.sequelize.transaction(async (transaction) => {
      await this.models.OutboxEvent.update(
        { claimedBy: holder, claimedUntil, attempts: literal('attempts + 1') },
        { where: { id: ids, claimedUntil: { [Op.lte]: now } }, transaction },
      );
      return this.models.OutboxEvent.findAll({ where: { id: ids, claimedBy: holder }, order: [['id', 'ASC']], transaction });
    });
    return won.map((row) => ({ id: row.id, name: row.name, payload: row.payload, attempts: row.attempts }));
  }

  /** Rows not yet delivered (tests, operators). */
  async count(): Promise<number> {
    return this.models.OutboxEvent.count();
  }
}
