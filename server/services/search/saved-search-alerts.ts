/**
 * Live alerts for watched saved searches. After a post is committed
 * (`post.created`), each distinct watched query is matched against that one
 * post only (an index lookup by rowid / primary key, never a search of the
 * whole index); the owners of the matching watches who may see the post —
 * judged by the same StatusPresenter as every timeline — get one
 * `saved_search` notification each, which the existing notification push
 * delivers live. Muting the type in settings stops them, like any other type.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Logger } from '../../logging/logger.js';
import type { EventPublisher, WarbleEvents } from '../events.js';
import type { NotificationWriter } from '../notifications/notification-writer.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { loadViewerContext } from '../viewer-context-loader.js';
import { parseSearchQuery } from './query-parser.js';
import type { SavedSearches } from './saved-searches.js';
import type { SearchSql } from './search-sql.js';

export interface SavedSearchAlertDeps {
  sequelize: Sequelize;
  models: Models;
  sql: SearchSql;
  savedSearches: SavedSearches;
  statuses: StatusPresenter;
  notifications: NotificationWriter;
  events: EventPublisher;
  logger: Logger;
}

export class SavedSearchAlerts {
  constructor(private readonly deps: SavedSearchAlertDeps) {}

  /** Registers the `post.created` sink. */
  listen(): void {
    this.deps.events.register((name, payload) => {
      if (name !== 'post.created') return;
      const event = payload as WarbleEvents['post.created'];
      if (event.repostOfId) return;
      return this.postCreated(event.postId, event.authorId).then(() => undefined);
    });
  }

  /** Notifies the watchers of matching saved searches; returns who was notified (tests, tools). */
  async postCreated(postId: string, authorId: string): Promise<string[]> {
    const watches = (await this.deps.savedSearches.watched()).filter((watch) => watch.userId !== authorId);
    if (watches.length === 0) return [];
    const owners = new Set<string>();
    const byQuery = new Map<string, string[]>();
    for (const watch of watches) byQuery.set(watch.query, [...(byQuery.get(watch.query) ?? []), watch.userId]);
    for (const [query, userIds] of byQuery) {
      if (userIds.every((id) => owners.has(id))) continue;
      let matches = false;
      try {
        matches = await this.deps.sql.postMatches(parseSearchQuery(query), postId);
      } catch (error) {
        this.deps.logger.warn({ err: error, query }, 'saved search not matched');
      }
      if (matches) for (const id of userIds) owners.add(id);
    }
    const recipients = await this.whoMaySee(postId, [...owners]);
    if (recipients.length === 0) return [];
    const written = await this.deps.sequelize.transaction(async (transaction) => {
      // post.created is delivered at least once (the outbox): a repeat must not notify twice.
      const already = await this.deps.models.Notification.findAll({
        attributes: ['recipientId'],
        where: { postId, type: 'saved_search', recipientId: recipients },
        transaction,
      });
      const notified = new Set(already.map((row) => row.recipientId));
      const fresh = recipients.filter((recipientId) => !notified.has(recipientId));
      const rows = await this.deps.notifications.write(
        fresh.map((recipientId) => ({ recipientId, type: 'saved_search', actorId: authorId, postId })),
        transaction,
      );
      await this.deps.events.recordEach(transaction, 'notification.created', rows);
      return rows;
    });
    return written.map((notification) => notification.recipientId);
  }

  private async whoMaySee(postId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const users = await this.deps.models.User.findAll({ where: { id: userIds } });
    const allowed: string[] = [];
    for (const user of users) {
      const viewer = await loadViewerContext(this.deps.models, user);
      if ((await this.deps.statuses.visibleIds([postId], viewer)).length > 0) allowed.push(user.id);
    }
    return allowed;
  }
}
