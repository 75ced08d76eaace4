/**
 * Email digests: which digest went to whom, so sending is idempotent.
 *
 * A digest is claimed by inserting its (person, period) row before it is
 * sent: the unique key lets one node, and one run, win; a row left
 * `pending` by a crash is taken over after a timeout, a `failed` one by the
 * next run. `users.digest_covered_until` is where the last digest's window
 * ended, so the next one holds exactly what came after it.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

const COUNT = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };

export const migration: Migration = {
  name: '0016-email-digests',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('digest_deliveries', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      user_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      // `daily:2026-11-22` or `weekly:2026-W47`: one digest per person and period.
      period_key: { type: DataTypes.STRING(32), allowNull: false },
      // pending (claimed, being sent) | sent | failed (retried next run) | skipped (nothing new)
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: COUNT,
      claimed_at: { type: DataTypes.DATE, allowNull: false },
      sent_at: { type: DataTypes.DATE, allowNull: true },
      mentions_count: COUNT,
      messages_count: COUNT,
      announcements_count: COUNT,
      posts_count: COUNT,
      error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('digest_deliveries', ['user_id', 'period_key'], {
      unique: true,
      name: 'digest_deliveries_user_id_period_key_unique',
      transaction,
    });
    await queryInterface.addIndex('digest_deliveries', ['status'], { name: 'digest_deliveries_status', transaction });
    await queryInterface.addColumn('users', 'digest_covered_until', { type: DataTypes.DATE, allowNull: true }, { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.removeColumn('users', 'digest_covered_until', { transaction });
    await queryInterface.dropTable('digest_deliveries', { transaction });
  },
};
