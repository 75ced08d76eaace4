/**
 * SCIM provisioning (server/services/scim/): which Warble people and groups
 * an identity provider (Entra ID, Okta) created, under which SCIM userName
 * and externalId, and which it has since deleted. Kept beside users and
 * groups rather than as columns on them, so the accounts' own tables stay
 * the same whatever created them.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0020-scim',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('scim_resources', {
      // 'User' or 'Group', as SCIM names its resource types.
      resource_type: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
      // users.id or groups.id: the SCIM id handed to the identity provider.
      target_id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      // The identity provider's own id for the resource (Entra: objectId or mailNickname; Okta: its user id).
      external_id: { type: DataTypes.STRING(255), allowNull: true },
      // The SCIM userName exactly as sent (a UPN or mail address); the Warble user name is derived from it.
      user_name: { type: DataTypes.STRING(320), allowNull: true },
      // Set by SCIM DELETE: the person is deactivated (their posts stay) and no longer known to SCIM.
      deleted_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // Filters by externalId (Okta and Entra both may match on it).
    await queryInterface.addIndex('scim_resources', ['resource_type', 'external_id'], { name: 'scim_resources_external_id', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('scim_resources', { transaction });
  },
};
