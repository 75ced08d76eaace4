/**
 * `instance_settings`: what administrators change on /admin/settings (name,
 * logo, post length, default language, sign-up policy). One row per key; the
 * value is text (JSON for structured values, base64 for the logo). A key
 * without a row falls back to the configuration file.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0010-instance-settings',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable(
      'instance_settings',
      {
        key: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        value: { type: DataTypes.TEXT, allowNull: false },
        updated_by: { type: DataTypes.STRING(64), allowNull: true },
        updated_at: { type: DataTypes.DATE, allowNull: false },
      },
      { transaction },
    );
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('instance_settings', { transaction });
  },
};
