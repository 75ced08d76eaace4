/**
 * Profiles people edit themselves.
 *
 * - `users.pronouns`, `users.location`: shown on the profile page (bio,
 *   title, department and phone already exist).
 * - `users.photo_source`: where the stored photo came from, 'directory' or
 *   'upload'. Directory sync replaces or removes only a photo the directory
 *   gave; a photo the person uploaded survives a directory entry without one.
 *   Photos stored before this migration all came from directory sync.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0022-profile-fields',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'pronouns', { type: DataTypes.STRING(40), allowNull: true }, { transaction });
    await queryInterface.addColumn('users', 'location', { type: DataTypes.STRING(200), allowNull: true }, { transaction });
    await queryInterface.addColumn('users', 'photo_source', { type: DataTypes.STRING(16), allowNull: true }, { transaction });
    await queryInterface.sequelize.query("UPDATE users SET photo_source = 'directory' WHERE photo_etag IS NOT NULL", { transaction });
  },
  async down({ queryInterface, transaction, dialect }) {
    // SQLite's native DROP COLUMN: Sequelize's emulation rebuilds the table and would lose its indexes.
    for (const column of ['photo_source', 'location', 'pronouns']) {
      if (dialect === 'sqlite') await queryInterface.sequelize.query(`ALTER TABLE users DROP COLUMN ${column}`, { transaction });
      else await queryInterface.removeColumn('users', column, { transaction });
    }
  },
};
