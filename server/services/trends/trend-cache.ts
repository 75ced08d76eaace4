/**
 * Computed trends kept in memory per node for a short while (60 s by
 * default), keyed by scope and window. Nothing invalidates an entry: trends
 * are a slow-moving summary, so a minute's staleness is the price of running
 * the aggregate queries at most once a minute per key instead of on every
 * home page. Concurrent misses share one computation.
 */

export class TrendCache<T> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    /** Bounds memory when there are many groups: the oldest entry goes first. */
    private readonly maxEntries = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.ttlMs, value });
    // A failed computation is not remembered: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** Forgets everything (tests and tools; the server never needs it). */
  clear(): void {
    this.entries.clear();
  }
}
