/**
 * Directory profiles and groups: photos, groups with memberships (shaped for
 * the microblog core: public/private, roles, join requests and invitations),
 * the record of directory sync runs, and leases so one node runs a job.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

const ID = { type: DataTypes.STRING(26), allowNull: false };
const TIMESTAMPS = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const userReference = {
  type: DataTypes.STRING(26),
  allowNull: false,
  references: { model: 'users', key: 'id' },
  onDelete: 'CASCADE',
};

export const migration: Migration = {
  name: '0002-directory-profiles-and-groups',
  async up({ queryInterface, transaction }) {
    // The etag says whether a photo exists (and busts caches) without loading the bytes.
    await queryInterface.addColumn('users', 'photo_etag', { type: DataTypes.STRING(64), allowNull: true }, { transaction });
    await queryInterface.createTable('user_photos', {
      user_id: { ...userReference, primaryKey: true },
      content_type: { type: DataTypes.STRING(64), allowNull: false },
      data: { type: DataTypes.BLOB, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });

    await queryInterface.createTable('groups', {
      id: { ...ID, primaryKey: true },
      slug: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      visibility: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'public' },
      source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'local' },
      // Normalised DN (see ldap-dn.ts) so the same group is found whatever spelling the server uses.
      directory_dn: { type: DataTypes.STRING(1024), allowNull: true },
      archived_at: { type: DataTypes.DATE, allowNull: true },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('groups', ['directory_dn'], { unique: true, name: 'groups_directory_dn_unique', transaction });

    await queryInterface.createTable('group_memberships', {
      group_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        references: { model: 'groups', key: 'id' },
        onDelete: 'CASCADE',
      },
      user_id: userReference,
      role: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'member' },
      state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      ...TIMESTAMPS,
    }, { transaction });
    await queryInterface.addIndex('group_memberships', ['group_id', 'user_id'], {
      unique: true,
      name: 'group_memberships_group_user_unique',
      transaction,
    });
    await queryInterface.addIndex('group_memberships', ['user_id'], { transaction });

    await queryInterface.createTable('directory_sync_runs', {
      id: { ...ID, primaryKey: true },
      trigger: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      started_at: { type: DataTypes.DATE, allowNull: false },
      finished_at: { type: DataTypes.DATE, allowNull: true },
      added: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      updated: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      deactivated: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      reactivated: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      groups: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
    }, { transaction });
    await queryInterface.addIndex('directory_sync_runs', ['started_at'], { transaction });

    await queryInterface.createTable('job_leases', {
      name: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      holder: { type: DataTypes.STRING(64), allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('job_leases', { transaction });
    await queryInterface.dropTable('directory_sync_runs', { transaction });
    await queryInterface.dropTable('group_memberships', { transaction });
    await queryInterface.dropTable('groups', { transaction });
    await queryInterface.dropTable('user_photos', { transaction });
    await queryInterface.removeColumn('users', 'photo_etag', { transaction });
  },
};
