/**
 * SAML message ids Warble must remember across nodes: the ids of the
 * AuthnRequests it sent (a response must answer one of them, once) and the
 * ids of the assertions it accepted (an assertion is never accepted twice,
 * until it would have expired anyway). A row is dead after expires_at.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0023-saml-replay-cache',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('saml_replay_cache', {
      // `request:<AuthnRequest ID>` or `assertion:<Assertion ID>`; the primary key makes "seen before" one atomic insert.
      id: { type: DataTypes.STRING(300), allowNull: false, primaryKey: true },
      // What node-saml stored for a request (its IssueInstant); empty for an assertion.
      value: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
      expires_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // Purging the dead rows.
    await queryInterface.addIndex('saml_replay_cache', ['expires_at'], { name: 'saml_replay_cache_expires_at', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('saml_replay_cache', { transaction });
  },
};
