/** People (local and directory accounts) and server-side sessions. */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

const ID = { type: DataTypes.STRING(26), allowNull: false };
const TIMESTAMPS = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

export const migration: Migration = {
  name: '0001-users-and-sessions',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('users', {
      id: { ...ID, primaryKey: true },
      username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      display_name: { type: DataTypes.STRING(200), allowNull: false },
      email: { type: DataTypes.STRING(320), allowNull: true },
      password_hash: { type: DataTypes.STRING(255), allowNull: true },
      is_admin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'local' },
      directory_dn: { type: DataTypes.STRING(1024), allowNull: true },
      title: { type: DataTypes.STRING(200), allowNull: true },
      department: { type: DataTypes.STRING(200), allowNull: true },
      phone: { type: DataTypes.STRING(100), allowNull: true },
      manager: { type: DataTypes.STRING(200), allowNull: true },
      locale: { type: DataTypes.STRING(8), allowNull: true },
      deactivated_at: { type: DataTypes.DATE, allowNull: true },
      last_sign_in_at: { type: DataTypes.DATE, allowNull: true },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('users', ['email'], { transaction });
    await queryInterface.addIndex('users', ['directory_dn'], { transaction });

    await queryInterface.createTable('sessions', {
      id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      user_id: {
        type: DataTypes.STRING(26),
        allowNull: true,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      data: { type: DataTypes.TEXT, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('sessions', ['user_id'], { transaction });
    await queryInterface.addIndex('sessions', ['expires_at'], { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('sessions', { transaction });
    await queryInterface.dropTable('users', { transaction });
  },
};
