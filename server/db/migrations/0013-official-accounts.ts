/**
 * Official accounts (IT Helpdesk, HR...) marked by administrators, and the
 * people who may publish as them.
 *
 * - `users.is_official`: the account speaks for a team; it never signs in
 *   itself (no password), named publishers post as it.
 * - `users.bio`: the short description administrators give an official
 *   account (directory people describe themselves by title and department).
 * - `official_account_publishers`: who may publish as which account (one row
 *   per pair; `added_by` for the record).
 * - `posts.published_by_id`: the person who really published a post made as
 *   an official account (null for everything else), kept with the post so the
 *   answer outlives the audit log's retention.
 * - `post_hashtags (post_id)` is the primary key's prefix already, so the
 *   trend queries (a posts id range joined to their hashtags) need no new
 *   index; see services/trends/trend-queries.ts.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0013-official-accounts',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'is_official', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, { transaction });
    await queryInterface.addColumn('users', 'bio', { type: DataTypes.TEXT, allowNull: true }, { transaction });
    await queryInterface.createTable('official_account_publishers', {
      account_id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      user_id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      added_by: { type: DataTypes.STRING(26), allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL' },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // "Which official accounts may I post as?" is asked on every compose box.
    await queryInterface.addIndex('official_account_publishers', ['user_id', 'account_id'], { name: 'official_account_publishers_user_id', transaction });
    // A plain id, no foreign key: the record outlives the account (as exports.requested_by), and SQLite can drop it again.
    await queryInterface.addColumn('posts', 'published_by_id', { type: DataTypes.STRING(26), allowNull: true }, { transaction });
  },
  async down({ queryInterface, transaction, dialect }) {
    await queryInterface.dropTable('official_account_publishers', { transaction });
    // SQLite's native DROP COLUMN: Sequelize's emulation rebuilds the table, which would lose the posts' partial indexes.
    const drop = async (table: string, column: string) => {
      if (dialect === 'sqlite') await queryInterface.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`, { transaction });
      else await queryInterface.removeColumn(table, column, { transaction });
    };
    await drop('posts', 'published_by_id');
    await drop('users', 'bio');
    await drop('users', 'is_official');
  },
};
