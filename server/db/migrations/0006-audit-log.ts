/** The audit log: who did what, when, from where. Append-only for the application. */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0006-audit-log',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('audit_events', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      // No foreign key: the record outlives any account it mentions.
      actor_id: { type: DataTypes.STRING(26), allowNull: true },
      actor_label: { type: DataTypes.STRING(200), allowNull: false },
      action: { type: DataTypes.STRING(64), allowNull: false },
      target_type: { type: DataTypes.STRING(32), allowNull: true },
      target_id: { type: DataTypes.STRING(200), allowNull: true },
      address: { type: DataTypes.STRING(64), allowNull: true },
      detail: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('audit_events', ['action', 'id'], { name: 'audit_events_action_id', transaction });
    await queryInterface.addIndex('audit_events', ['actor_id', 'id'], { name: 'audit_events_actor_id', transaction });
    await queryInterface.addIndex('audit_events', ['created_at'], { name: 'audit_events_created_at', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('audit_events', { transaction });
  },
};
