/**
 * The reply addresses of notification mails: `reply+<token>@<incoming domain>`.
 * Each token is bound to one person and one post; only its SHA-256 is kept,
 * so a copy of the database cannot be used to post as anyone by mail.
 *
 * And what arrived by mail (mail_arrivals: a reply, a group post, an
 * acknowledgement), so analytics can tell mail from web without a column on
 * the hot posts table: web counts are totals minus these.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0024-mail-bridge',
  async up({ queryInterface, transaction }) {
    await queryInterface.createTable('mail_reply_tokens', {
      token_hash: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      user_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      post_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'posts', key: 'id' }, onDelete: 'CASCADE' },
      created_at: { type: DataTypes.DATE, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // Purging the dead rows; and the person's tokens when they are signed out everywhere.
    await queryInterface.addIndex('mail_reply_tokens', ['expires_at'], { name: 'mail_reply_tokens_expires_at', transaction });
    await queryInterface.addIndex('mail_reply_tokens', ['user_id'], { name: 'mail_reply_tokens_user_id', transaction });

    await queryInterface.createTable('mail_arrivals', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      // 'reply' | 'post' | 'acknowledgement'
      kind: { type: DataTypes.STRING(16), allowNull: false },
      user_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      // The post created, or the announcement acknowledged.
      subject_id: { type: DataTypes.STRING(26), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // Analytics count by kind over a time range.
    await queryInterface.addIndex('mail_arrivals', ['kind', 'created_at'], { name: 'mail_arrivals_kind_created_at', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('mail_arrivals', { transaction });
    await queryInterface.dropTable('mail_reply_tokens', { transaction });
  },
};
