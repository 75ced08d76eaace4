/** Legal holds: people whose posts and messages retention must never purge. */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0007-legal-holds',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('legal_holds', {
      user_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        primaryKey: true,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      reason: { type: DataTypes.TEXT, allowNull: false },
      placed_by: { type: DataTypes.STRING(200), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('legal_holds', { transaction });
  },
};
