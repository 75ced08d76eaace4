/**
 * Trends: hashtags and posts rising in the last 24 hours or 7 days,
 * company-wide or in one group (see trend-scoring.ts for the scores and
 * trend-queries.ts for what is counted). A group's trends are for the people
 * who may read its posts (a private group is a 404 to everyone else, as
 * everywhere in Warble), and every post shown still goes through the
 * StatusPresenter for the viewer. Results are cached per (scope, window) for
 * a minute on each node (trend-cache.ts); after the first computation of a
 * key, readers get the previous value while it is recomputed.
 */
import { decodeTime } from 'ulid';
import type { Models } from '../../db/models/index.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { notFound, validationError } from '../../domain/errors.js';
import { firstIdAt, isId } from '../../domain/ids.js';
import { canReadGroupPosts, type ViewerContext } from '../../domain/visibility/index.js';
import type { ApiStatus } from '../../serializers/status.js';
import { toDomainGroup } from '../groups/group-access.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { TrendCache } from './trend-cache.js';
import { TrendQueries, type TrendScope } from './trend-queries.js';
import { WINDOW_MS, dayStart, isTrendWindow, postScore, tagHistory, tagScore, type TagHistoryDay, type TrendWindow } from './trend-scoring.js';

export const DEFAULT_TREND_LIMIT = 10;
export const MAX_TREND_LIMIT = 20;
/** Posts kept per scope before the viewer's visibility check, so a page stays full when a few drop out. */
const POST_CANDIDATES = 40;
const HISTORY_DAYS = 7;

export interface TrendRequest {
  window: TrendWindow;
  groupId: string | null;
  limit: number;
}

export interface TrendingTag {
  name: string;
  /** Distinct people who used it in the window, and in the window before. */
  accounts: number;
  previousAccounts: number;
  /** Posts using it in the window. */
  uses: number;
  score: number;
  history: TagHistoryDay[];
}

export interface TrendsOptions {
  /** How long computed trends are reused on this node; 60 s in the server. */
  ttlMs?: number;
  clock?: () => number;
}

/**
 * Reads and checks the request's parameters (window, group_id, limit), the
 * same for the API and the page; a wrong value is a 422 naming the field.
 */
export function trendRequest(params: { window?: unknown; groupId?: unknown; limit?: unknown }): TrendRequest {
  const window = params.window === undefined || params.window === '' ? '24h' : params.window;
  if (!isTrendWindow(window)) throw validationError('window', 'window must be 24h or 7d');
  const groupId = params.groupId === undefined || params.groupId === '' ? null : params.groupId;
  if (groupId !== null && typeof groupId !== 'string') throw validationError('group_id', 'group_id must be the id of a group');
  let limit = DEFAULT_TREND_LIMIT;
  if (params.limit !== undefined && params.limit !== '') {
    const text = String(params.limit);
    if (!/^\d{1,6}$/.test(text) || Number(text) < 1) throw validationError('limit', `limit must be a whole number from 1 to ${MAX_TREND_LIMIT}`);
    limit = Math.min(Number(text), MAX_TREND_LIMIT);
  }
  return { window, groupId, limit };
}

export class TrendsService {
  private readonly queries: TrendQueries;
  private readonly tagCache: TrendCache<TrendingTag[]>;
  private readonly postCache: TrendCache<string[]>;
  private readonly clock: () => number;

  constructor(
    reads: ReadQueries,
    private readonly models: Models,
    private readonly statuses: StatusPresenter,
    options: TrendsOptions = {},
  ) {
    this.queries = new TrendQueries(reads);
    this.clock = options.clock ?? Date.now;
    // Stale values are served while one refresh runs: on a large company the aggregate takes a while, and no home page should wait for it.
    const cacheOptions = { maxEntries: 1000, clock: this.clock, serveStale: true };
    this.tagCache = new TrendCache(options.ttlMs ?? 60_000, cacheOptions);
    this.postCache = new TrendCache(options.ttlMs ?? 60_000, cacheOptions);
  }

  /** Rising hashtags for the viewer, best first, each with whether the viewer follows it. */
  async tags(viewer: ViewerContext, request: TrendRequest): Promise<Array<TrendingTag & { following: boolean }>> {
    const tags = await this.trendingTags(viewer, request);
    const viewerId = viewer.viewer.kind === 'user' ? viewer.viewer.id : null;
    const followed =
      viewerId && tags.length
        ? new Set((await this.models.HashtagFollow.findAll({ where: { userId: viewerId, tag: tags.map((tag) => tag.name) }, attributes: ['tag'] })).map((row) => row.tag))
        : new Set<string>();
    return tags.map((tag) => ({ ...tag, following: followed.has(tag.name) }));
  }

  /** Rising hashtags, best first, straight from the cache (no per-viewer query: the sidebar box shows no follow state). */
  async trendingTags(viewer: ViewerContext, request: TrendRequest): Promise<TrendingTag[]> {
    const scope = await this.scopeFor(viewer, request.groupId);
    return (await this.tagCache.get(cacheKey(scope, request.window), () => this.computeTags(scope, request.window))).slice(0, request.limit);
  }

  /** Rising posts as Statuses, best first, only those the viewer may see. */
  async posts(viewer: ViewerContext, request: TrendRequest, baseUrl: string): Promise<ApiStatus[]> {
    const scope = await this.scopeFor(viewer, request.groupId);
    const ids = await this.postCache.get(cacheKey(scope, request.window), () => this.computePosts(scope, request.window));
    return (await this.statuses.present(ids, viewer, baseUrl)).slice(0, request.limit);
  }

  /**
   * Computes the company's trends of the last day (the home page's box) ahead
   * of the first page: a server calls it when it starts, so no page waits for
   * the first computation either.
   */
  async warm(): Promise<void> {
    await this.tagCache.get(cacheKey({ kind: 'company' }, '24h'), () => this.computeTags({ kind: 'company' }, '24h'));
  }

  /** Forgets cached trends (tests and tools only: the server lets entries expire). */
  clearCache(): void {
    this.tagCache.clear();
    this.postCache.clear();
  }

  /** The company, or a group whose posts the viewer may read; anything else is a 404 (a private group's existence is private). */
  private async scopeFor(viewer: ViewerContext, groupId: string | null): Promise<TrendScope> {
    if (groupId === null) return { kind: 'company' };
    const group = isId(groupId) ? await this.models.Group.findByPk(groupId) : null;
    if (!group || !canReadGroupPosts(viewer, toDomainGroup(group))) throw notFound('Group');
    return { kind: 'group', groupId: group.id };
  }

  private async computeTags(scope: TrendScope, window: TrendWindow): Promise<TrendingTag[]> {
    const now = this.clock();
    const windowMs = WINDOW_MS[window];
    const counts = await this.queries.tagCounts(scope, firstIdAt(new Date(now - 2 * windowMs)), firstIdAt(new Date(now - windowMs)));
    const ranked = counts
      .map((row) => ({ name: row.tag, accounts: row.accounts, previousAccounts: row.previousAccounts, uses: row.uses, score: tagScore(row.accounts, row.previousAccounts) }))
      .filter((tag) => tag.score > 0)
      .sort((a, b) => b.score - a.score || b.accounts - a.accounts || b.uses - a.uses || a.name.localeCompare(b.name))
      .slice(0, MAX_TREND_LIMIT);
    const historyFrom = firstIdAt(new Date(dayStart(now) - (HISTORY_DAYS - 1) * 24 * 3600_000));
    const uses = await this.queries.tagUses(scope, ranked.map((tag) => tag.name), historyFrom);
    return ranked.map((tag) => ({
      ...tag,
      history: tagHistory(
        uses.filter((use) => use.tag === tag.name).map((use) => ({ authorId: use.authorId, time: idTime(use.postId) })),
        now,
        HISTORY_DAYS,
      ),
    }));
  }

  private async computePosts(scope: TrendScope, window: TrendWindow): Promise<string[]> {
    const now = this.clock();
    const windowMs = WINDOW_MS[window];
    const engaged = await this.queries.postEngagements(scope, firstIdAt(new Date(now - windowMs)));
    return engaged
      .map((post) => ({ id: post.id, score: postScore(post.engagements, now - idTime(post.id), windowMs) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
      .slice(0, POST_CANDIDATES)
      .map((post) => post.id);
  }
}

const cacheKey = (scope: TrendScope, window: TrendWindow) => `${scope.kind === 'group' ? `group:${scope.groupId}` : 'company'}:${window}`;

/** The creation time a ULID carries in its first ten characters. */
const idTime = (id: string): number => decodeTime(id);
