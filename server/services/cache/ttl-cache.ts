/**
 * Values computed at most once per time-to-live per key on this node: the
 * boxes beside a timeline (trends, the active announcements) are the same
 * for many readers, so they are computed every few seconds or minutes, not
 * on every page. Concurrent misses share one computation; a failed one is
 * not remembered (the next call tries again).
 *
 * With `serveStale`, an expired value is still answered while one refresh
 * runs in the background, so readers never wait for a recomputation after
 * the first (a slow aggregate then costs no page a stall); without it, the
 * first reader after expiry waits for the new value.
 *
 * Per node only: with several nodes, each computes its own, and anything not
 * invalidated on that node is at most one time-to-live stale.
 */

interface Entry<T> {
  /** When the value should be recomputed. */
  expiresAt: number;
  value: Promise<T>;
  /** A background refresh is running (serveStale only). */
  refreshing: boolean;
}

export interface TtlCacheOptions {
  /** Bounds memory when keys are many (e.g. one per group): the oldest entry goes first. */
  maxEntries?: number;
  clock?: () => number;
  serveStale?: boolean;
}

export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly clock: () => number;
  private readonly serveStale: boolean;

  constructor(
    private readonly ttlMs: number,
    maxEntriesOrOptions: number | TtlCacheOptions = {},
    clock?: () => number,
  ) {
    const options = typeof maxEntriesOrOptions === 'number' ? { maxEntries: maxEntriesOrOptions, clock } : maxEntriesOrOptions;
    this.maxEntries = options.maxEntries ?? 1000;
    this.clock = options.clock ?? Date.now;
    this.serveStale = options.serveStale === true;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit && this.serveStale) {
      if (!hit.refreshing) this.refresh(key, hit, compute);
      return hit.value;
    }
    return this.store(key, compute(), now);
  }

  /** Forgets one key: the next reader computes it afresh (e.g. after the write that changed it, on this node). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }

  private store(key: string, value: Promise<T>, now: number): Promise<T> {
    this.entries.delete(key);
    const entry: Entry<T> = { expiresAt: now + this.ttlMs, value, refreshing: false };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** Replaces a stale entry once its new value is ready, unless it was deleted or replaced meanwhile. */
  private refresh(key: string, stale: Entry<T>, compute: () => Promise<T>): void {
    stale.refreshing = true;
    const started = this.clock();
    compute().then(
      (value) => {
        if (this.entries.get(key) === stale) this.store(key, Promise.resolve(value), started);
      },
      () => {
        // Keep answering the stale value; the next reader tries again.
        stale.refreshing = false;
      },
    );
  }
}
