/**
 * Announcements: messages to everyone or to chosen groups, pinned until each
 * person acknowledges them, and the communications role (`users.is_communicator`)
 * that may publish them besides administrators.
 *
 * Receipts are written lazily (first render or acknowledgement), so publishing
 * to 10,000 people writes one row, not 10,000; "delivered" is the audience size
 * counted at read time.
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0012-announcements',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'is_communicator', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, { transaction });
    await queryInterface.createTable('announcements', {
      id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false },
      author_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      // The plain text as typed (the source of truth) and its safe HTML, rendered once at publication.
      text: { type: DataTypes.TEXT, allowNull: false },
      html: { type: DataTypes.TEXT, allowNull: false },
      // True when it goes to everyone; otherwise to the members of its announcement_groups.
      everyone: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: true },
      withdrawn_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // "What must this viewer see": the active ones, newest first.
    await queryInterface.addIndex('announcements', ['withdrawn_at', 'starts_at'], { name: 'announcements_active', transaction });
    await queryInterface.addIndex('announcements', ['author_id', 'id'], { name: 'announcements_author', transaction });
    await queryInterface.createTable('announcement_groups', {
      announcement_id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false, references: { model: 'announcements', key: 'id' }, onDelete: 'CASCADE' },
      group_id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false, references: { model: 'groups', key: 'id' }, onDelete: 'CASCADE' },
    }, { transaction });
    // From a viewer's groups to the announcements addressed to them.
    await queryInterface.addIndex('announcement_groups', ['group_id', 'announcement_id'], { name: 'announcement_groups_group', transaction });
    await queryInterface.createTable('announcement_receipts', {
      announcement_id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false, references: { model: 'announcements', key: 'id' }, onDelete: 'CASCADE' },
      user_id: { type: DataTypes.STRING(26), primaryKey: true, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      seen_at: { type: DataTypes.DATE, allowNull: true },
      acknowledged_at: { type: DataTypes.DATE, allowNull: true },
    }, { transaction });
    // The primary key (announcement_id, user_id) serves the stats; this one the viewer's own receipts.
    await queryInterface.addIndex('announcement_receipts', ['user_id', 'announcement_id'], { name: 'announcement_receipts_user', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('announcement_receipts', { transaction });
    await queryInterface.dropTable('announcement_groups', { transaction });
    await queryInterface.dropTable('announcements', { transaction });
    await queryInterface.removeColumn('users', 'is_communicator', { transaction });
  },
};
