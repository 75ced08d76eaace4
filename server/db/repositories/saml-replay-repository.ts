/**
 * SAML ids remembered in the database, so every node sees them: an
 * AuthnRequest sent by node A can be answered on node B, and an assertion
 * accepted by node A is refused by node B. "Remember unless already there"
 * is one insert against the primary key, so two nodes never both accept.
 */
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import { SamlReplayEntryModel } from '../models/saml-replay-entry.js';

export class SamlReplayRepository {
  private readonly entries: typeof SamlReplayEntryModel;

  constructor(sequelize: Sequelize) {
    this.entries = SamlReplayEntryModel.bindTo(sequelize);
  }

  /** Stores `id` until `expiresAt`; false when a live row with that id already exists. */
  async remember(id: string, value: string, expiresAt: Date, now: Date = new Date()): Promise<boolean> {
    // A dead row with the same id no longer counts.
    await this.entries.destroy({ where: { id, expiresAt: { [Op.lte]: now } } });
    try {
      await this.entries.create({ id, value, expiresAt });
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintError) return false;
      throw error;
    }
  }

  /** The value of a live row, or null. */
  async find(id: string, now: Date = new Date()): Promise<string | null> {
    const row = await this.entries.findOne({ where: { id, expiresAt: { [Op.gt]: now } } });
    return row?.value ?? null;
  }

  /** Forgets `id`; returns the value it had (null when there was none). */
  async take(id: string): Promise<string | null> {
    const row = await this.entries.findByPk(id);
    if (!row) return null;
    // Only the caller that deletes the row gets its value: two nodes consuming one request id race here.
    const deleted = await this.entries.destroy({ where: { id } });
    return deleted > 0 ? row.value : null;
  }

  /** Drops every dead row. */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    return this.entries.destroy({ where: { expiresAt: { [Op.lte]: now } } });
  }
}
