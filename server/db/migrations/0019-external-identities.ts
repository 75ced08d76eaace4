/**
 * Single sign-on (OpenID Connect, SAML 2.0): the link between a Warble
 * account and the identity an identity provider vouches for. People are
 * found again by (provider, issuer, subject) — the provider's stable id for
 * them — and never by a name or address the provider merely asserts, which
 * could be changed (or chosen) by someone else.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0019-external-identities',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('external_identities', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      user_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      // 'oidc' or 'saml'.
      provider: { type: DataTypes.STRING(16), allowNull: false },
      // OIDC `iss`, SAML IdP entityID.
      issuer: { type: DataTypes.STRING(1024), allowNull: false },
      // OIDC `sub`, SAML persistent NameID.
      subject: { type: DataTypes.STRING(1024), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      last_seen_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('external_identities', ['provider', 'issuer', 'subject'], {
      unique: true,
      name: 'external_identities_provider_issuer_subject',
      transaction,
    });
    await queryInterface.addIndex('external_identities', ['user_id'], { name: 'external_identities_user_id', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('external_identities', { transaction });
  },
};
