/**
 * API access: OAuth applications (Mastodon's POST /api/v1/apps), access
 * tokens (personal and OAuth, stored as SHA-256 hashes only) and short-lived
 * authorisation codes for the authorization_code grant with PKCE.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

const ID = { type: DataTypes.STRING(26), allowNull: false };
const HASH = { type: DataTypes.STRING(64), allowNull: false, unique: true };
const TIMESTAMPS = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const reference = (table: string, allowNull: boolean) => ({
  type: DataTypes.STRING(26),
  allowNull,
  references: { model: table, key: 'id' },
  onDelete: 'CASCADE',
});

export const migration: Migration = {
  name: '0004-api-tokens-and-oauth',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('oauth_apps', {
      id: { ...ID, primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      website: { type: DataTypes.STRING(2048), allowNull: true },
      // One URI per line, as Mastodon stores them.
      redirect_uris: { type: DataTypes.TEXT, allowNull: false },
      scopes: { type: DataTypes.STRING(1024), allowNull: false },
      client_id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      client_secret_hash: { type: DataTypes.STRING(64), allowNull: false },
      ...TIMESTAMPS,
    }, { transaction });

    await queryInterface.createTable('access_tokens', {
      id: { ...ID, primaryKey: true },
      token_hash: HASH,
      // Null for client_credentials tokens, which act for the app, not a person.
      user_id: reference('users', true),
      app_id: reference('oauth_apps', true),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: true },
      scopes: { type: DataTypes.STRING(1024), allowNull: false },
      last_used_at: { type: DataTypes.DATE, allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: true },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('access_tokens', ['user_id'], { transaction });
    await queryInterface.addIndex('access_tokens', ['app_id'], { transaction });

    await queryInterface.createTable('oauth_authorization_codes', {
      id: { ...ID, primaryKey: true },
      code_hash: HASH,
      app_id: reference('oauth_apps', false),
      user_id: reference('users', false),
      redirect_uri: { type: DataTypes.TEXT, allowNull: false },
      scopes: { type: DataTypes.STRING(1024), allowNull: false },
      code_challenge: { type: DataTypes.STRING(128), allowNull: true },
      code_challenge_method: { type: DataTypes.STRING(16), allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
      // The token the code was exchanged for: revoked if the code is replayed (RFC 6749 §4.1.2).
      access_token_id: { type: DataTypes.STRING(26), allowNull: true },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('oauth_authorization_codes', ['user_id'], { transaction });
    await queryInterface.addIndex('oauth_authorization_codes', ['app_id'], { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('oauth_authorization_codes', { transaction });
    await queryInterface.dropTable('access_tokens', { transaction });
    await queryInterface.dropTable('oauth_apps', { transaction });
  },
};
