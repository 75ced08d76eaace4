/**
 * The outbox: every side effect of a write (live push, plugin actions,
 * webhooks, saved-search alerts) is recorded as a row in the write's own
 * transaction, so a crash between commit and delivery loses none. The node
 * that committed delivers at once and deletes the row; a row whose claim
 * ran out (its node died) is taken over by any node's sweep
 * (server/services/outbox/).
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0018-outbox',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('outbox_events', {
      // A ULID: rows are delivered in id (commit-ish) order.
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      name: { type: DataTypes.STRING(64), allowNull: false },
      // The event payload as JSON text (WarbleEvents[name]).
      payload: { type: DataTypes.TEXT, allowNull: false },
      // The node (host:pid:random) delivering it, until claimed_until; a sweep takes over rows whose claim ran out.
      claimed_by: { type: DataTypes.STRING(100), allowNull: false },
      claimed_until: { type: DataTypes.DATE, allowNull: false },
      // Deliveries started (1 by the committing node); a row that keeps killing its node is dropped after a few.
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // The sweep's one query: rows whose claim ran out, oldest first.
    await queryInterface.addIndex('outbox_events', ['claimed_until', 'id'], { name: 'outbox_events_claimed_until', transaction });
    // Renewing this node's claims while it delivers.
    await queryInterface.addIndex('outbox_events', ['claimed_by'], { name: 'outbox_events_claimed_by', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('outbox_events', { transaction });
  },
};
