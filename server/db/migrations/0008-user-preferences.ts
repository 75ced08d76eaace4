/**
 * Notification and digest preferences on `users`. `digest_frequency` is read
 * by the email digest ('off' | 'daily' | 'weekly', daily unless a person
 * chooses otherwise); `muted_notification_types` is a comma-separated list of
 * the notification types a person no longer wants (empty: everything).
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0008-user-preferences',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'digest_frequency', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'daily' }, { transaction });
    await queryInterface.addColumn('users', 'muted_notification_types', { type: DataTypes.TEXT, allowNull: false, defaultValue: '' }, { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.removeColumn('users', 'muted_notification_types', { transaction });
    await queryInterface.removeColumn('users', 'digest_frequency', { transaction });
  },
};
