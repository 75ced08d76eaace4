/**
 * A bounded, time-limited map of records by id with batch loading: the
 * building block of the read caches (post-read-cache.ts, user-read-cache.ts).
 *
 * Least recently used entries go first (lru-cache). Every entry also expires
 * after `ttlMs` whatever happens: the safety net for a write whose
 * invalidation never arrived (Redis lost between nodes, a process without
 * the cache's event sink).
 *
 * A read that started before an invalidation of a key it loads must not put
 * what it read back into the cache: it may have read the row just before the
 * write committed and would otherwise keep the old value until the TTL.
 * Each invalidation takes a sequence number; a load remembers the number
 * it started at and skips the keys invalidated since.
 */
import { LRUCache } from 'lru-cache';

export interface RecordCacheOptions {
  maxEntries: number;
  ttlMs: number;
  /** Tests only: the time in milliseconds (default: performance.now). */
  clock?: () => number;
}

/** Counted per lookup: the hit ratio shows on /metrics (warble_read_cache_lookups_total). */
export type CacheLookupListener = (cache: string, outcome: 'hit' | 'miss', count: number) => void;

/** Recently invalidated keys remembered for loads in flight; past this the cache refuses all older loads instead. */
const MAX_RECENT_INVALIDATIONS = 10_000;

export class RecordCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  private sequence = 0;
  /** Loads that started at or before this sequence store nothing (set by clear() and when `recent` overflows). */
  private floor = 0;
  private readonly recent = new Map<string, number>();
  private loading = 0;

  constructor(
    /** For metrics and logs: 'posts', 'accounts'... */
    readonly name: string,
    options: RecordCacheOptions,
    private readonly onLookup?: CacheLookupListener,
  ) {
    this.entries = new LRUCache<string, V>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      updateAgeOnGet: false,
      ...(options.clock ? { perf: { now: options.clock }, ttlResolution: 0 } : {}),
    });
  }

  /**
   * The records for `ids`: cached ones as they are, the others from `load`
   * (called once, with the missing ids only, and never with none). Ids that
   * `load` does not return are absent from the result and not remembered.
   */
  async getMany(ids: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.entries.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    this.onLookup?.(this.name, 'hit', found.size);
    if (missing.length === 0) return found;
    this.onLookup?.(this.name, 'miss', missing.length);
    const started = this.sequence;
    this.loading += 1;
    try {
      const loaded = await load(missing);
      for (const [id, value] of loaded) {
        found.set(id, value);
        if (this.mayStore(id, started)) this.entries.set(id, value);
      }
      return found;
    } finally {
      this.loading -= 1;
      // Nothing in flight remembers an older sequence: the recent keys served their purpose.
      if (this.loading === 0) this.recent.clear();
    }
  }

  /** Drops these keys here; a load already running will not put them back. */
  invalidate(ids: Iterable<string>): void {
    for (const id of ids) {
      this.sequence += 1;
      this.entries.delete(id);
      if (this.loading > 0) this.recent.set(id, this.sequence);
    }
    if (this.recent.size > MAX_RECENT_INVALIDATIONS) {
      this.floor = this.sequence;
      this.recent.clear();
    }
  }

  /** Drops everything (Redis came back: invalidations may have been missed meanwhile). */
  clear(): void {
    this.sequence += 1;
    this.floor = this.sequence;
    this.recent.clear();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private mayStore(id: string, started: number): boolean {
    if (started < this.floor) return false;
    const invalidated = this.recent.get(id);
    return invalidated === undefined || invalidated <= started;
  }
}
