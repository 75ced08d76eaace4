/** Records a write made stale, by kind: what the read caches drop (and what nodes tell each other). */
export interface StaleRecords {
  posts: string[];
  users: string[];
  groups: string[];
}

/** A read cache that drops records by kind: CachedPostReads, CachedUserReads. */
export interface InvalidatedCache {
  drop(stale: StaleRecords): void;
  /** Every record of one kind (a write whose rows are unknown). */
  dropKind(kind: keyof StaleRecords): void;
  /** Everything (invalidations may have been missed). */
  clear(): void;
}
