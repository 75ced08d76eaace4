/** Background exports requested on /admin/exports: their parameters, progress and file. */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0011-exports',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('exports', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      // The requesting administrator's id (kept as text: the row outlives the account).
      requested_by: { type: DataTypes.STRING(26), allowNull: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      params: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      file_key: { type: DataTypes.STRING(200), allowNull: true },
      size_bytes: { type: DataTypes.BIGINT, allowNull: true },
      records: { type: DataTypes.INTEGER, allowNull: true },
      error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      finished_at: { type: DataTypes.DATE, allowNull: true },
    }, { transaction });
    await queryInterface.addIndex('exports', ['status'], { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('exports', { transaction });
  },
};
