/**
 * Plugins: a key-value store per plugin (JSON values, shared by every
 * node). Bot accounts need no table of their own: they are users with
 * is_bot, created by the plugin host.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0005-plugins',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('plugin_kv', {
      plugin_id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      key: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
      value: { type: DataTypes.TEXT, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('plugin_kv', { transaction });
  },
};
