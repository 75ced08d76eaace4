/**
 * Home candidates from the person's feed, with the database where the feed
 * cannot answer. Per page window:
 *
 * 1. Posts this node is still fanning out are waited for (a person reads
 *    their own writes). Posts above the high-water mark that no delivery
 *    handled (written with no event reaching any node: a crash, another
 *    process writing the database) are fanned out first, and the mark moves
 *    up past what this probe saw. The home sources query finds those posts
 *    in the same statement (`probeSql`).
 * 2. A missing feed, or one built for other sources (a follow, a group
 *    left, a hashtag followed since), is rebuilt with the database merge.
 * 3. The feed answers only if it holds the whole window (ids at or above its
 *    floor); a page older than what it holds is merged from the database.
 * 4. The few followed authors merged on read (followed by more than
 *    fanOutMaxFollowers people) are merged in from the database.
 *
 * The result is a list of candidates; the StatusPresenter still decides
 * what the viewer sees, and TimelineService fetches more when it drops some.
 */
import type { PageCursor } from '../page-query.js';
import type { HomeSources, TimelineSources } from '../timeline-sources.js';
import type { FeedWriter } from './feed-writer.js';
import type { FeedWindow, HomeFeedStore, StoredFeed } from './home-feed-store.js';
import { sourcesFingerprint } from './sources-fingerprint.js';

/** Posts the home query's probe returns at most; when full, the reader probes on (catchUp). */
const PROBE_LIMIT = 100;

/**
 * Ids a rebuild fetches: two full pages (limit is at most 40). The merge
 * costs about sources × this many index rows, so rebuilding all 400 would
 * cost ten times a page; the feed fills up to feedSize from deliveries, and
 * older pages are merged from the database meanwhile.
 */
const REBUILD_SIZE = 80;

/** True when every candidate in `window` is at or above the floor: the feed holds them all. */
function holdsWindow(feed: StoredFeed, window: FeedWindow): boolean {
  if (feed.floor === '') return true;
  if (window.above !== undefined && window.above >= feed.floor) return true;
  if (window.ascending) return false;
  const last = feed.ids[feed.ids.length - 1];
  return feed.ids.length === window.count && last !== undefined && last >= feed.floor;
}

function windowOf(page: PageCursor, fetch: number): FeedWindow {
  const ascending = page.minId !== undefined;
  return { below: page.maxId, above: ascending ? page.minId : page.sinceId, ascending, count: fetch };
}

export class HomeFeedReader {
  /** The newest high-water mark this node has seen: the probe looks above it. */
  private knownHighWater = '';
  private readonly rebuilds = new Map<string, Promise<void>>();

  constructor(
    private readonly store: HomeFeedStore,
    private readonly writer: FeedWriter,
    private readonly sources: TimelineSources,
    private readonly feedSize: number,
    /** A feed store failure the page survived by merging from the database. */
    private readonly onError: (error: unknown) => void,
  ) {}

  start(newestPostId: string): Promise<void> {
    return this.store.start(newestPostId).then((mark) => this.noteHighWater(mark));
  }

  /** A term for the home sources query: ids of posts above the high-water mark, as kind 'new'. */
  probeSql(): { sql: string; replacements: Record<string, unknown> } {
    return {
      sql: ` UNION ALL SELECT 'new', id FROM (SELECT id FROM posts WHERE id > :highWater ORDER BY id LIMIT ${PROBE_LIMIT}) AS fresh`,
      replacements: { highWater: this.knownHighWater },
    };
  }

  /** The candidates function for TimelineService's page filling; `fresh` is what the probe found. */
  candidates(sources: HomeSources, fresh: string[]): (page: PageCursor, fetch: number) => Promise<string[]> {
    let first = true;
    const fingerprint = sourcesFingerprint(sources);
    return async (page, fetch) => {
      try {
        return await this.fromFeed(sources, fingerprint, page, fetch, first ? fresh : null);
      } catch (error) {
        // Redis away (or a feed that cannot be read): the database merge answers, as with feeds off.
        this.onError(error);
        return this.sources.home(sources, page, fetch);
      } finally {
        first = false;
      }
    };
  }

  /** `fresh`: what the probe found, on the first round of a page only (null on later rounds). */
  private async fromFeed(sources: HomeSources, fingerprint: string, page: PageCursor, fetch: number, fresh: string[] | null): Promise<string[]> {
    const window = windowOf(page, fetch);
    if (fresh) await this.writer.idle();
    let state = await this.store.read(sources.viewerId, window);
    this.noteHighWater(state.highWater);
    if (fresh && fresh.length > 0 && (await this.catchUp(fresh, state.highWater))) state = await this.store.read(sources.viewerId, window);
    if (!state.feed || state.feed.fingerprint !== fingerprint) {
      await this.rebuild(sources, fingerprint);
      state = await this.store.read(sources.viewerId, window);
    }
    const feed = state.feed;
    if (!feed || feed.fingerprint !== fingerprint || !holdsWindow(feed, window)) return this.sources.home(sources, page, fetch);
    const merged = new Set(state.mergedAuthors);
    const mergedFollowees = sources.followeeIds.filter((id) => merged.has(id));
    if (mergedFollowees.length === 0) return feed.ids;
    const theirs = await this.sources.followedAuthors(mergedFollowees, page, fetch);
    const union = [...new Set([...feed.ids, ...theirs])].sort();
    return (window.ascending ? union : union.reverse()).slice(0, fetch);
  }

  /**
   * Fans out what the probe found that no delivery handled, and moves the
   * mark past it; a full probe means more may be waiting, so it probes on
   * until a short one. True when something was fanned out.
   */
  private async catchUp(probed: string[], highWater: string): Promise<boolean> {
    let found = probed;
    let fannedOut = false;
    for (;;) {
      const above = found.filter((id) => id > highWater);
      if (above.length > 0) {
        const missed = await this.store.undelivered(above);
        if (missed.length > 0) await this.writer.fanOut(missed);
        fannedOut ||= missed.length > 0;
        highWater = above.reduce((newest, id) => (id > newest ? id : newest));
        await this.store.advance(highWater);
        this.noteHighWater(highWater);
      }
      if (found.length < PROBE_LIMIT) return fannedOut;
      found = await this.sources.postsAfter(highWater, PROBE_LIMIT);
    }
  }

  private noteHighWater(mark: string): void {
    if (mark > this.knownHighWater) this.knownHighWater = mark;
  }

  /** One rebuild per person at a time on this node; concurrent pages wait for it. */
  private rebuild(sources: HomeSources, fingerprint: string): Promise<void> {
    const running = this.rebuilds.get(sources.viewerId);
    if (running) return running;
    const started = this.runRebuild(sources, fingerprint).finally(() => this.rebuilds.delete(sources.viewerId));
    this.rebuilds.set(sources.viewerId, started);
    return started;
  }

  private async runRebuild(sources: HomeSources, fingerprint: string): Promise<void> {
    const ticket = await this.store.beginRebuild(sources.viewerId);
    try {
      // After beginRebuild: a post committed after this query reaches the feed through the store's rebuild buffer.
      const size = Math.min(this.feedSize, REBUILD_SIZE);
      const ids = await this.sources.home(sources, { limit: size }, size);
      const floor = ids.length < size ? '' : ids[ids.length - 1]!;
      await this.store.finishRebuild(sources.viewerId, ticket, ids, floor, fingerprint);
    } catch (error) {
      await this.store.abandonRebuild(sources.viewerId, ticket).catch(() => undefined);
      throw error;
    }
  }
}
