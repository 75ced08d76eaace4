/**
 * People managed from the web (issue 15): invitations by email and one-time
 * account tokens (the first-run setup link, password resets).
 *
 * Only SHA-256 hashes of the tokens are stored (like access tokens), so a
 * leaked database or backup holds no working link. The setup token lives in
 * the database rather than in one process's memory so that any node behind
 * the load balancer accepts the link another node printed.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

const USER_REF = { type: DataTypes.STRING(26), allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL' };

export const migration: Migration = {
  name: '0021-people-invitations',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('invitations', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      email: { type: DataTypes.STRING(320), allowNull: false },
      display_name: { type: DataTypes.STRING(200), allowNull: true },
      is_admin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // Replaced on resend: the previous link stops working.
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      invited_by: USER_REF,
      expires_at: { type: DataTypes.DATE, allowNull: false },
      sent_at: { type: DataTypes.DATE, allowNull: true },
      accepted_at: { type: DataTypes.DATE, allowNull: true },
      accepted_user_id: USER_REF,
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('invitations', ['email'], { name: 'invitations_email', transaction });
    await queryInterface.createTable('account_tokens', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      // setup | password-reset
      purpose: { type: DataTypes.STRING(16), allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      user_id: { type: DataTypes.STRING(26), allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      expires_at: { type: DataTypes.DATE, allowNull: true },
      used_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('account_tokens', ['purpose', 'user_id'], { name: 'account_tokens_purpose_user_id', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('account_tokens', { transaction });
    await queryInterface.dropTable('invitations', { transaction });
  },
};
