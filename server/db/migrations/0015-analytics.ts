/**
 * Analytics: impressions, link clicks and the viewer's time zone.
 *
 * `post_impressions` holds one row per (post, viewer): "counted once per
 * viewer" is the primary key, so the batched writer can insert-or-ignore
 * without reading first. `first_seen_at` feeds the weekday x hour heat map.
 * `link_clicks` is one row per click through `/go/:postId`. `users.time_zone`
 * is an IANA name chosen on /settings (null: the instance default).
 */
import { DataTypes } from 'sequelize';
import type { Migration } from './migration.js';

export const migration: Migration = {
  name: '0015-analytics',
  async up({ queryInterface, transaction }) {
    await queryInterface.addColumn('users', 'time_zone', { type: DataTypes.STRING(64), allowNull: true }, { transaction });

    await queryInterface.createTable('post_impressions', {
      post_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        primaryKey: true,
        references: { model: 'posts', key: 'id' },
        onDelete: 'CASCADE',
      },
      viewer_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        primaryKey: true,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      first_seen_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    // The dashboard reads a scope's posts' impressions in a date range; the primary key serves "by post",
    // this one serves company-wide ranges and the retention of old rows.
    await queryInterface.addIndex('post_impressions', ['first_seen_at'], { name: 'post_impressions_first_seen_at', transaction });
    // The viewer's foreign key: deleting a person deletes their rows without a table scan.
    await queryInterface.addIndex('post_impressions', ['viewer_id'], { name: 'post_impressions_viewer_id', transaction });

    await queryInterface.createTable('link_clicks', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      post_id: {
        type: DataTypes.STRING(26),
        allowNull: false,
        references: { model: 'posts', key: 'id' },
        onDelete: 'CASCADE',
      },
      // Null once the clicking person is gone (a click is still a click for the author's figures).
      user_id: {
        type: DataTypes.STRING(26),
        allowNull: true,
        references: { model: 'users', key: 'id' },
        onDelete: 'SET NULL',
      },
      url: { type: DataTypes.TEXT, allowNull: false },
      clicked_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('link_clicks', ['post_id', 'clicked_at'], { name: 'link_clicks_post_id_clicked_at', transaction });
    await queryInterface.addIndex('link_clicks', ['clicked_at'], { name: 'link_clicks_clicked_at', transaction });
    await queryInterface.addIndex('link_clicks', ['user_id'], { name: 'link_clicks_user_id', transaction });
    // Company-wide and group dashboards filter engagement by time first; per-person ones go through the
    // existing (author_id, id), in_reply_to_id, repost_of_id and post_id indexes.
    await queryInterface.addIndex('posts', ['created_at'], { name: 'posts_created_at', transaction });
    await queryInterface.addIndex('likes', ['created_at'], { name: 'likes_created_at', transaction });
    await queryInterface.addIndex('follows', ['created_at'], { name: 'follows_created_at', transaction });
  },
  async down({ queryInterface, transaction }) {
    await queryInterface.removeIndex('follows', 'follows_created_at', { transaction });
    await queryInterface.removeIndex('likes', 'likes_created_at', { transaction });
    await queryInterface.removeIndex('posts', 'posts_created_at', { transaction });
    await queryInterface.dropTable('link_clicks', { transaction });
    await queryInterface.dropTable('post_impressions', { transaction });
    await queryInterface.removeColumn('users', 'time_zone', { transaction });
  },
};
