/**
 * Reads every timeline as pages of Statuses the viewer may see: home,
 * company, group, hashtag, mentions, an account's posts, bookmarks and likes.
 *
 * Candidates come from TimelineSources (home: from the person's feed when
 * feeds are kept, see feeds/home-feed-reader.ts); the StatusPresenter drops anything
 * the viewer may not see. When that leaves a page short, the next candidates
 * are fetched (a few rounds at most), so pages stay full without gaps.
 */
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import type { ReadQueries } from '../../db/read-queries.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import { activeViewer } from '../../domain/visibility/index.js';
import type { ApiStatus } from '../../serializers/status.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import type { PageCursor } from './page-query.js';
import type { HomeFeedReader } from './feeds/home-feed-reader.js';
import type { HomeSources, TimelineSources } from './timeline-sources.js';

const MAX_ROUNDS = 4;

/** The timelines a `timeline.items` plugin can tell apart. */
export type TimelineName = 'home' | 'company' | 'group' | 'hashtag' | 'mentions' | 'account';

/** A page of statuses, plus the cursor ids for the Link header (may differ from status ids for bookmarks/likes). */
export interface TimelinePage {
  statuses: ApiStatus[];
  /** Newest and oldest cursor ids of the page (for `prev` and `next`). */
  cursorIds: Array<{ id: string }>;
}

export interface AccountTimelineOptions {
  excludeReplies: boolean;
  excludeReposts: boolean;
  onlyMedia: boolean;
}

/** Told of every timeline page a signed-in viewer is shown (analytics counts impressions); must return at once and never throw. */
export type PageShownListener = (timeline: TimelineName, viewerId: string, statuses: readonly ApiStatus[]) => void;

export class TimelineService {
  private readonly shownListeners: PageShownListener[] = [];

  constructor(
    private readonly reads: ReadQueries,
    private readonly sources: TimelineSources,
    private readonly statuses: StatusPresenter,
    /** timeline.items: plugins may drop or reorder a page's items. */
    private readonly hooks?: PluginHookCalls,
    /** Home feeds kept on write; absent: every home page is merged from the database. */
    private readonly homeFeeds?: HomeFeedReader,
  ) {}

  /** Subscribes to the pages viewers are shown, without the timelines knowing who listens. */
  onPageShown(listener: PageShownListener): void {
    this.shownListeners.push(listener);
  }

  /** People, groups and hashtags the viewer follows, their mentions and their own posts. */
  async home(viewer: ViewerContext, cursor: PageCursor, baseUrl: string): Promise<TimelinePage> {
    const me = activeViewer(viewer);
    if (!me) return { statuses: [], cursorIds: [] };
    // With feeds, the same statement also finds posts no fan-out has handled yet (HomeFeedReader.probeSql).
    const probe = this.homeFeeds?.probeSql();
    const followed = await this.reads.select<{ kind: string; value: string }>(
      `SELECT 'person' AS kind, followee_id AS value FROM follows WHERE follower_id = :id
       UNION ALL SELECT 'tag', tag FROM hashtag_follows WHERE user_id = :id${probe?.sql ?? ''}`,
      { id: me.id, ...probe?.replacements },
    );
    const valuesOf = (kind: string) => followed.filter((row) => row.kind === kind).map((row) => String(row.value));
    const groupIds = [...viewer.memberships].filter(([, state]) => state !== 'requested' && state !== 'invited').map(([id]) => id);
    const sources: HomeSources = { viewerId: me.id, followeeIds: valuesOf('person'), groupIds, tags: valuesOf('tag') };
    return this.fill(
      'home',
      viewer,
      cursor,
      baseUrl,
      this.homeFeeds ? this.homeFeeds.candidates(sources, valuesOf('new')) : (page, fetch) => this.sources.home(sources, page, fetch),
    );
  }

  company(viewer: ViewerContext, cursor: PageCursor, baseUrl: string): Promise<TimelinePage> {
    return this.fill('company', viewer, cursor, baseUrl, (page, fetch) => this.sources.company(page, fetch));
  }

  group(viewer: ViewerContext, groupId: string, cursor: PageCursor, baseUrl: string): Promise<TimelinePage> {
    return this.fill('group', viewer, cursor, baseUrl, (page, fetch) => this.sources.group(groupId, page, fetch));
  }

  hashtag(viewer: ViewerContext, tag: string, cursor: PageCursor, baseUrl: string): Promise<TimelinePage> {
    return this.fill('hashtag', viewer, cursor, baseUrl, (page, fetch) => this.sources.hashtag(tag, page, fetch));
  }

  mentions(viewer: ViewerContext, cursor: PageCursor, baseUrl: string): Promise<TimelinePage> {
    const me = activeViewer(viewer);
    if (!me) return Promise.resolve({ statuses: [], cursorIds: [] });
    return this.fill('mentions', viewer, cursor, baseUrl, (page, fetch) => this.sources.mentions(me.id, page, fetch));
  }

  account(
    viewer: ViewerContext,
    authorId: string,
    options: AccountTimelineOptions,
    cursor: PageCursor,
    baseUrl: string,
  ): Promise<TimelinePage> {
    return this.fill('account', viewer, cursor, baseUrl, (page, fetch) => this.sources.account(authorId, options, page, fetch));
  }

  /** Bookmarks or likes, paged by when they were saved. */
  async saved(
    table: 'bookmarks' | 'likes',
    viewer: ViewerContext,
    cursor: PageCursor,
    baseUrl: string,
  ): Promise<TimelinePage> {
    const me = activeViewer(viewer);
    if (!me) return { statuses: [], cursorIds: [] };
    const rows = await this.sources.saved(table, me.id, cursor, cursor.limit);
    const ordered = [...rows].sort((a, b) => (a.id < b.id ? 1 : -1));
    const statuses = await this.statuses.present(ordered.map((row) => row.postId), viewer, baseUrl);
    return { statuses, cursorIds: ordered.map((row) => ({ id: row.id })) };
  }

  private async fill(
    /** Which timeline, for the `timeline.items` plugin hook. */
    timeline: TimelineName,
    viewer: ViewerContext,
    cursor: PageCursor,
    baseUrl: string,
    candidates: (page: PageCursor, fetch: number) => Promise<string[]>,
  ): Promise<TimelinePage> {
    const ascending = cursor.minId !== undefined;
    // Each source contributes at most one page; later rounds cover what visibility drops.
    const fetch = cursor.limit;
    const collected: ApiStatus[] = [];
    let page = { ...cursor };
    for (let round = 0; round < MAX_ROUNDS && collected.length < cursor.limit; round += 1) {
      const ids = await candidates(page, fetch);
      if (ids.length === 0) break;
      const newestFirst = ascending ? [...ids].reverse() : ids;
      const shown = await this.statuses.present(newestFirst, viewer, baseUrl);
      const inQueryOrder = ascending ? shown.reverse() : shown;
      collected.push(...inQueryOrder.slice(0, cursor.limit - collected.length));
      if (ids.length < fetch) break;
      const last = ids[ids.length - 1]!;
      page = ascending ? { ...page, minId: last, sinceId: undefined } : { ...page, maxId: last };
    }
    const statuses = ascending ? collected.reverse() : collected;
    // Paging follows what was read, so a plugin that drops items never breaks the cursors.
    const cursorIds = statuses.map((status) => ({ id: status.id }));
    const viewerId = viewer.viewer.kind === 'user' ? viewer.viewer.id : null;
    const shown = this.hooks ? await this.hooks.timelineItems(timeline, viewerId, statuses) : statuses;
    if (viewerId !== null) for (const listener of this.shownListeners) listener(timeline, viewerId, shown);
    return { statuses: shown, cursorIds };
  }
}
