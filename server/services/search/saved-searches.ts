/**
 * Saved searches: a person keeps queries they run often, may watch some of
 * them (a live notification for each new matching post), and sees how many
 * matching posts arrived since they last looked.
 *
 * Watches are bounded per person (MAX_WATCHES) because each one is matched
 * against every new post in the company.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { SavedSearchModel } from '../../db/models/saved-search.js';
import { notFound, validationError } from '../../domain/errors.js';
import { firstIdAt, newId } from '../../domain/ids.js';
import { activeViewer, type ViewerContext } from '../../domain/visibility/index.js';
import { normalizeQueryText, parseSearchQuery } from './query-parser.js';
import type { SearchSql } from './search-sql.js';
import { SearchService } from './search-service.js';

/** Watched searches per person: each costs an index lookup on every new post. */
export const MAX_WATCHES = 20;
/** Saved searches per person. */
export const MAX_SAVED = 100;
/** "New since last viewed" stops counting here (shown as "100+"). */
export const NEW_COUNT_CAP = 100;

/** A saved search as the services and the analytics helper see it. */
export interface SavedSearch {
  id: string;
  query: string;
  watch: boolean;
  createdAt: Date;
  lastSeenPostId: string | null;
}

const toSavedSearch = (row: SavedSearchModel): SavedSearch => ({
  id: row.id,
  query: row.query,
  watch: row.watch,
  createdAt: row.createdAt,
  lastSeenPostId: row.lastSeenPostId,
});

export class SavedSearches {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly model: typeof SavedSearchModel,
    private readonly sql: SearchSql,
  ) {}

  /** The person's saved searches, oldest first. */
  async list(userId: string): Promise<SavedSearch[]> {
    const rows = await this.model.findAll({ where: { userId }, order: [['id', 'ASC']] });
    return rows.map(toSavedSearch);
  }

  async get(userId: string, id: string): Promise<SavedSearch> {
    const row = await this.model.findOne({ where: { id, userId } });
    if (!row) throw notFound('Saved search');
    return toSavedSearch(row);
  }

  /**
   * Saves a query (the same query twice is one saved search: the existing one
   * comes back, with `watch` turned on if asked). 422 for a query that cannot
   * be searched, or past the limits.
   */
  async create(userId: string, input: { query: string; watch?: boolean }): Promise<SavedSearch> {
    const query = normalizeQueryText(input.query);
    parseSearchQuery(query);
    return this.sequelize.transaction(async (transaction) => {
      const existing = await this.model.findOne({ where: { userId, query }, transaction });
      if (existing) {
        if (input.watch && !existing.watch) {
          await this.checkWatchLimit(userId, transaction);
          await existing.update({ watch: true }, { transaction });
        }
        return toSavedSearch(existing);
      }
      if ((await this.model.count({ where: { userId }, transaction })) >= MAX_SAVED) {
        throw validationError('query', `At most ${MAX_SAVED} saved searches; delete one first`);
      }
      if (input.watch) await this.checkWatchLimit(userId, transaction);
      const row = await this.model.create(
        { id: newId(), userId, query, watch: input.watch === true, lastSeenPostId: newId() },
        { transaction },
      );
      return toSavedSearch(row);
    });
  }

  /** Turns watching on or off. */
  async setWatch(userId: string, id: string, watch: boolean): Promise<SavedSearch> {
    return this.sequelize.transaction(async (transaction) => {
      const row = await this.model.findOne({ where: { id, userId }, transaction });
      if (!row) throw notFound('Saved search');
      if (watch && !row.watch) await this.checkWatchLimit(userId, transaction);
      await row.update({ watch }, { transaction });
      return toSavedSearch(row);
    });
  }

  async remove(userId: string, id: string): Promise<void> {
    const removed = await this.sequelize.transaction((transaction) => this.model.destroy({ where: { id, userId }, transaction }));
    if (removed === 0) throw notFound('Saved search');
  }

  /** The person has just looked at the results: what exists now is no longer "new". */
  async markSeen(userId: string, query: string): Promise<void> {
    await this.sequelize.transaction((transaction) =>
      this.model.update({ lastSeenPostId: newId() }, { where: { userId, query: normalizeQueryText(query) }, transaction }),
    );
  }

  /** Saved searches with how many posts the viewer may see matched since they last looked (capped). */
  async withNewCounts(viewer: ViewerContext): Promise<Array<SavedSearch & { newCount: number; newLabel: string }>> {
    const me = activeViewer(viewer);
    if (!me) return [];
    const searches = await this.list(me.id);
    return Promise.all(
      searches.map(async (search) => {
        // Appending a character sorts just above that id: posts strictly newer than the last look.
        const fromId = search.lastSeenPostId ? `${search.lastSeenPostId}0` : firstIdAt(search.createdAt);
        const filter = SearchService.postFilter(viewer, me.id, { idRange: { fromId, toId: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZ' } });
        // One past the cap is enough to tell "100" from "100+"; the database stops counting there.
        const counted = await this.sql.countPosts(parseSearchQuery(search.query), filter, NEW_COUNT_CAP + 1).catch(() => 0);
        const newCount = Math.min(counted, NEW_COUNT_CAP);
        return { ...search, newCount, newLabel: counted > NEW_COUNT_CAP ? `${NEW_COUNT_CAP}+` : String(newCount) };
      }),
    );
  }

  /** Every watched search in the company (matched against each new post). */
  async watched(): Promise<Array<{ id: string; userId: string; query: string }>> {
    const rows = await this.model.findAll({ where: { watch: true }, attributes: ['id', 'userId', 'query'] });
    return rows.map((row) => ({ id: row.id, userId: row.userId, query: row.query }));
  }

  private async checkWatchLimit(userId: string, transaction: Transaction): Promise<void> {
    const watching = await this.model.count({ where: { userId, watch: true }, transaction });
    if (watching >= MAX_WATCHES) {
      throw validationError('watch', `At most ${MAX_WATCHES} watched searches; stop watching one first`);
    }
  }
}
