/**
 * Home feeds in this process's memory: for one node on SQLite, where no
 * other process writes posts. At most `maxFeeds` people's feeds are kept,
 * least recently read dropped first (a Map iterates in insertion order, and
 * a read re-inserts); a dropped feed is rebuilt from the database when its
 * owner next reads home. Every method runs to completion without awaiting,
 * so each is atomic with respect to the others.
 */
import type { FeedDelivery, FeedState, FeedWindow, HomeFeedStore } from './home-feed-store.js';
import { insertId, removeId, windowOf } from './sorted-ids.js';

/** How many recent deliveries above the high-water mark are remembered. */
const RECENT_DELIVERIES = 10_000;

interface MemoryFeed {
  /** Newest first. */
  ids: string[];
  floor: string;
  fingerprint: string;
}

export interface MemoryFeedOptions {
  feedSize: number;
  maxFeeds: number;
}

export class MemoryFeedStore implements HomeFeedStore {
  readonly kind = 'memory';
  private feeds = new Map<string, MemoryFeed>();
  /** People whose feed is being rebuilt: how many rebuilds, and what was delivered meanwhile. */
  private readonly rebuilding = new Map<string, { count: number; delivered: Set<string> }>();
  private merged = new Set<string>();
  private highWater = '';
  /** Posts above the high-water mark already delivered, so a probe does not deliver them again. */
  private readonly delivered = new Set<string>();

  constructor(private readonly options: MemoryFeedOptions) {}

  start(newestPostId: string): Promise<string> {
    if (this.highWater === '') this.highWater = newestPostId;
    return Promise.resolve(this.highWater);
  }

  read(userId: string, window: FeedWindow): Promise<FeedState> {
    const feed = this.feeds.get(userId);
    if (feed) {
      this.feeds.delete(userId);
      this.feeds.set(userId, feed);
    }
    return Promise.resolve({
      feed: feed ? { ids: windowOf(feed.ids, window), floor: feed.floor, fingerprint: feed.fingerprint } : null,
      mergedAuthors: [...this.merged],
      highWater: this.highWater,
    });
  }

  beginRebuild(userId: string): Promise<string> {
    const rebuild = this.rebuilding.get(userId) ?? { count: 0, delivered: new Set<string>() };
    rebuild.count += 1;
    this.rebuilding.set(userId, rebuild);
    return Promise.resolve('');
  }

  finishRebuild(userId: string, _ticket: string, ids: string[], floor: string, fingerprint: string): Promise<void> {
    const rebuild = this.rebuilding.get(userId);
    const feed: MemoryFeed = { ids: [...ids], floor, fingerprint };
    if (rebuild) {
      for (const id of rebuild.delivered) insertId(feed.ids, id);
      rebuild.count -= 1;
      if (rebuild.count <= 0) this.rebuilding.delete(userId);
    }
    this.trim(feed);
    this.feeds.delete(userId);
    this.feeds.set(userId, feed);
    while (this.feeds.size > this.options.maxFeeds) {
      const oldest = this.feeds.keys().next();
      if (oldest.done) break;
      this.feeds.delete(oldest.value);
    }
    return Promise.resolve();
  }

  abandonRebuild(userId: string): Promise<void> {
    const rebuild = this.rebuilding.get(userId);
    if (rebuild && --rebuild.count <= 0) this.rebuilding.delete(userId);
    return Promise.resolve();
  }

  deliver(delivery: FeedDelivery): Promise<void> {
    const add = (userId: string) => {
      const feed = this.feeds.get(userId);
      if (feed && insertId(feed.ids, delivery.postId)) this.trim(feed);
      this.rebuilding.get(userId)?.delivered.add(delivery.postId);
    };
    for (const userId of delivery.recipients) add(userId);
    if (!this.merged.has(delivery.authorId)) for (const userId of delivery.followers) add(userId);
    if (delivery.postId > this.highWater) {
      this.delivered.add(delivery.postId);
      // Bounded: a post forgotten here is at worst delivered once more by a probe.
      if (this.delivered.size > RECENT_DELIVERIES) this.delivered.delete(this.delivered.values().next().value!);
    }
    return Promise.resolve();
  }

  remove(postId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) {
      const feed = this.feeds.get(userId);
      if (feed) removeId(feed.ids, postId);
      this.rebuilding.get(userId)?.delivered.delete(postId);
    }
    return Promise.resolve();
  }

  undelivered(postIds: string[]): Promise<string[]> {
    return Promise.resolve(postIds.filter((id) => id > this.highWater && !this.delivered.has(id)));
  }

  advance(postId: string): Promise<void> {
    if (postId > this.highWater) {
      this.highWater = postId;
      for (const id of this.delivered) if (id <= postId) this.delivered.delete(id);
    }
    return Promise.resolve();
  }

  setMergedAuthors(authorIds: string[]): Promise<void> {
    const next = new Set(authorIds);
    const demoted = [...this.merged].some((id) => !next.has(id));
    this.merged = next;
    // A demoted author's recent posts are in no feed: every feed is rebuilt with them.
    if (demoted) this.feeds = new Map();
    return Promise.resolve();
  }

  mergedAuthors(): Promise<string[]> {
    return Promise.resolve([...this.merged]);
  }

  close(): Promise<void> {
    this.feeds.clear();
    return Promise.resolve();
  }

  /** Bounded at feedSize; what falls off the end is below the new floor. */
  private trim(feed: MemoryFeed): void {
    if (feed.ids.length <= this.options.feedSize) return;
    feed.ids.length = this.options.feedSize;
    const oldest = feed.ids[feed.ids.length - 1]!;
    // An id committed late can sit below the floor; the floor never moves down.
    if (oldest > feed.floor) feed.floor = oldest;
  }
}
