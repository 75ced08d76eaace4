/**
 * Where home feeds are kept: per person, a bounded list of CANDIDATE post
 * ids, newest first. A feed never decides what anyone sees; the
 * StatusPresenter still does at read time, so a stale or wrong id in a feed
 * can cost a page a candidate, never leak a post.
 *
 * Two implementations with the same semantics: memory-feed-store.ts (one
 * node on SQLite) and redis-feed-store.ts (any number of nodes). Each call
 * is atomic with respect to the others, which the race arguments in
 * docs/architecture.md ("Home feeds kept on write") rely on.
 */

/** Ids strictly between the bounds; newest first, or oldest first when ascending (a `min_id` page). */
export interface FeedWindow {
  below?: string;
  above?: string;
  ascending: boolean;
  count: number;
}

export interface StoredFeed {
  /** The ids in the window, in window order, at most `count`. */
  ids: string[];
  /** The feed holds every candidate id >= floor; '' when it holds every candidate there is. */
  floor: string;
  /** The sources (followees, groups, tags) the feed was built for (sources-fingerprint.ts). */
  fingerprint: string;
}

export interface FeedState {
  /** null: no feed (never built, evicted, expired, or every feed was invalidated). */
  feed: StoredFeed | null;
  /** Authors whose posts are not copied into feeds: readers merge theirs from the database. */
  mergedAuthors: string[];
  /**
   * Every post at or below this id was checked by a probe (home-feed-reader.ts);
   * above it, a post may have been written with no event reaching any node.
   */
  highWater: string;
}

/** One post, to be added to feeds that exist (or are being rebuilt). */
export interface FeedDelivery {
  postId: string;
  authorId: string;
  /** Always receive it: the author, mentioned people, group members, hashtag followers. */
  recipients: string[];
  /** Receive it unless the author is merged on read. */
  followers: string[];
}

export interface HomeFeedStore {
  readonly kind: 'memory' | 'redis';
  /** Sets the high-water mark if none is kept yet; returns the mark in effect. */
  start(newestPostId: string): Promise<string>;
  read(userId: string, window: FeedWindow): Promise<FeedState>;
  /**
   * A rebuild is starting: deliveries from now on are also kept aside for
   * this person, so a post committed after the rebuild's query is not lost
   * when finishRebuild replaces the feed. Returns the ticket to finish it with.
   */
  beginRebuild(userId: string): Promise<string>;
  /** Replaces the feed with `ids` (newest first) plus what was delivered since beginRebuild. */
  finishRebuild(userId: string, ticket: string, ids: string[], floor: string, fingerprint: string): Promise<void>;
  /** A rebuild failed: stop keeping deliveries aside for it. */
  abandonRebuild(userId: string, ticket: string): Promise<void>;
  deliver(delivery: FeedDelivery): Promise<void>;
  remove(postId: string, userIds: string[]): Promise<void>;
  /** Of these ids (above the mark), those no delivery has handled yet (recent deliveries are remembered, up to a bound). */
  undelivered(postIds: string[]): Promise<string[]>;
  /** Raises the high-water mark to `postId` (never lowers it) once a probe handled everything up to it. */
  advance(postId: string): Promise<void>;
  /**
   * The authors merged on read from now on. Removing one invalidates every
   * feed (its recent posts were never copied into them): they are rebuilt on
   * their next read.
   */
  setMergedAuthors(authorIds: string[]): Promise<void>;
  mergedAuthors(): Promise<string[]>;
  close(): Promise<void>;
}
