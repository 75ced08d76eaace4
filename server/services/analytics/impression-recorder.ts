/**
 * Counts impressions (a post shown in a viewer's timeline, once per viewer)
 * without touching the request: `record` only adds keys to an in-memory set;
 * a timer (or a full buffer) writes them in one transaction of
 * insert-or-ignore statements, so reading a timeline never waits for a write
 * and posting never competes with one write per page view. The primary key
 * (post_id, viewer_id) makes "once per viewer" hold across batches, nodes
 * and restarts; `close` flushes what is still buffered (graceful shutdown).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from '../../logging/logger.js';

export interface ImpressionRecorderOptions {
  /** How often buffered impressions are written. */
  flushIntervalMs?: number;
  /** A buffer this full is written at once rather than waiting for the timer. */
  flushAtRows?: number;
  /** Past this many pending rows (the database is down), new impressions are dropped rather than growing memory without end. */
  maxPendingRows?: number;
  /** Pairs already written, remembered so a person reloading a page does not rewrite the same rows. */
  rememberRows?: number;
}

/** One shown post: its id and its author (whose own views do not count). */
export interface ShownPost {
  postId: string;
  authorId: string;
}

const IDS_PER_STATEMENT = 200;

export class ImpressionRecorder {
  private pending = new Map<string, Date>();
  private written = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private writeQueued = false;
  private readonly intervalMs: number;
  private readonly flushAtRows: number;
  private readonly maxPendingRows: number;
  private readonly rememberRows: number;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    options: ImpressionRecorderOptions = {},
  ) {
    this.intervalMs = options.flushIntervalMs ?? 2000;
    this.flushAtRows = options.flushAtRows ?? 500;
    this.maxPendingRows = options.maxPendingRows ?? 100_000;
    this.rememberRows = options.rememberRows ?? 200_000;
  }

  /** Notes that `viewerId` was shown `posts` now. Never throws, never waits. */
  record(viewerId: string, posts: readonly ShownPost[], at: Date = new Date()): void {
    if (this.closed) return;
    for (const post of posts) {
      if (post.authorId === viewerId) continue;
      const key = `${post.postId}:${viewerId}`;
      if (this.written.has(key) || this.pending.has(key)) continue;
      if (this.pending.size >= this.maxPendingRows) {
        this.logger.warn({ pending: this.pending.size }, 'impression buffer full; dropping impressions');
        return;
      }
      this.pending.set(key, at);
    }
    if (this.pending.size >= this.flushAtRows) this.queueFlush();
    else if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.queueFlush();
      }, this.intervalMs);
      // A pending flush must not keep a CLI command or a test process alive; close() flushes explicitly.
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves once it is in the database (tests and shutdown call it). */
  flush(): Promise<void> {
    // Chained so two flushes never write the same batch or interleave their transactions.
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  /** One write waiting behind the current one at most: a busy node batches more rows instead of queueing many small writes. */
  private queueFlush(): void {
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.flushing = this.flushing.then(() => {
      this.writeQueued = false;
      return this.writeBatch();
    });
  }

  /** Stops accepting impressions and writes what is buffered (the server has finished its requests by then). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Closed first, so nothing can start another write once this last one is done and the database closes.
    this.closed = true;
    await this.flush();
  }

  /** Rows waiting to be written (metrics and tests). */
  get pendingCount(): number {
    return this.pending.size;
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // Grouped by viewer and time: one statement writes many posts for one viewer.
    const groups = new Map<string, { viewerId: string; at: Date; postIds: string[] }>();
    for (const [key, at] of batch) {
      const separator = key.indexOf(':');
      const postId = key.slice(0, separator);
      const viewerId = key.slice(separator + 1);
      const groupKey = `${viewerId}:${at.getTime()}`;
      let group = groups.get(groupKey);
      if (!group) {
        group = { viewerId, at, postIds: [] };
        groups.set(groupKey, group);
      }
      group.postIds.push(postId);
    }
    try {
      await this.sequelize.transaction(async (transaction) => {
        for (const group of groups.values()) {
          for (let start = 0; start < group.postIds.length; start += IDS_PER_STATEMENT) {
            // Selecting from posts and users skips a post deleted (or a person removed) since it was shown,
            // instead of failing the whole batch on a foreign key. The WHERE clause also keeps SQLite's
            // parser from reading ON CONFLICT as part of a join.
            await this.sequelize.query(
              `INSERT INTO post_impressions (post_id, viewer_id, first_seen_at)
               SELECT p.id, u.id, :at FROM posts p, users u
               WHERE u.id = :viewerId AND p.id IN (:postIds)
               ON CONFLICT (post_id, viewer_id) DO NOTHING`,
              {
                replacements: { at: group.at, viewerId: group.viewerId, postIds: group.postIds.slice(start, start + IDS_PER_STATEMENT) },
                type: QueryTypes.INSERT,
                transaction,
              },
            );
          }
        }
      });
      this.remember(batch.keys());
    } catch (error) {
      // Impressions are a statistic: a failed batch is logged and dropped, never retried into a growing backlog.
      this.logger.warn({ err: error, rows: batch.size }, 'impressions not written');
    }
  }

  private remember(keys: Iterable<string>): void {
    // A plain set cleared when full: cheap, bounded, and a forgotten pair only costs one ignored insert.
    if (this.written.size > this.rememberRows) this.written.clear();
    for (const key of keys) this.written.add(key);
  }
}
