/**
 * Moderation: reports of posts by people, the moderator flag, and account
 * suspension (`suspended_at`: a suspended person cannot sign in or act until
 * reinstated; unlike deactivation it is a moderator's decision, not the
 * directory's).
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0009-moderation',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'is_moderator', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, { transaction });
    await queryInterface.addColumn('users', 'suspended_at', { type: DataTypes.DATE, allowNull: true }, { transaction });
    await queryInterface.createTable('reports', {
      id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false },
      reporter_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      post_id: { type: DataTypes.STRING(26), allowNull: true, references: { model: 'posts', key: 'id' }, onDelete: 'SET NULL' },
      account_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      comment: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
      resolved_by: { type: DataTypes.STRING(26), allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL' },
      resolved_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('reports', ['status', 'id'], { name: 'reports_status_id', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('reports', { transaction });
    await queryInterface.removeColumn('users', 'suspended_at', { transaction });
    await queryInterface.removeColumn('users', 'is_moderator', { transaction });
  },
};
