/** What every posting use case writes with: the database, visibility checks, counters, notifications, events. */
import type { Sequelize } from 'sequelize';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import type { Models } from '../../db/models/index.js';
import type { EventPublisher } from '../events.js';
import type { NotificationWriter } from '../notifications/notification-writer.js';
import type { PostAccess } from './post-access.js';
import type { PostCounters } from './post-counters.js';

export interface PostWriteDeps {
  sequelize: Sequelize;
  models: Models;
  access: PostAccess;
  counters: PostCounters;
  notifications: NotificationWriter;
  events: EventPublisher;
  /** Plugin filters (post.beforeCreate, post.validate); absent in tools that load no plugins. */
  hooks?: PluginHookCalls;
}
