/**
 * Keyword watch on the dashboard: a person's watched saved searches, each
 * with its daily mention counts over the range. Search owns both (the index,
 * the saved searches and the live alert on a new match); analytics only asks
 * through this narrow interface, so the dashboard works (without the
 * section) on a build where search is absent.
 */

import type { ViewerContext } from '../../domain/visibility/index.js';

/** What analytics needs from search (container.search). */
export interface KeywordSource {
  /** Posts matching `query` the viewer may see, per local day; `to` is inclusive. */
  keywordCounts(input: { viewerId: string; query: string; from: Date; to: Date; timeZone: string; viewer?: ViewerContext }): Promise<Array<{ day: string; count: number }>>;
  savedSearches: {
    list(userId: string): Promise<Array<{ id: string; query: string; watch: boolean; createdAt: Date }>>;
  };
}

export interface WatchedKeyword {
  id: string;
  query: string;
  total: number;
  /** One row per day of the range, zero-filled. */
  days: Array<{ day: string; count: number }>;
}

/** The reader's watched keywords with their counts per day of `days`. */
export async function watchedKeywords(
  source: KeywordSource | null,
  /** `viewer`, the reader's context, is read once for every keyword instead of once per keyword. */
  input: { viewerId: string; from: Date; to: Date; timeZone: string; days: readonly string[]; viewer?: ViewerContext },
): Promise<WatchedKeyword[]> {
  if (!source) return [];
  const watched = (await source.savedSearches.list(input.viewerId)).filter((search) => search.watch);
  return Promise.all(
    watched.map(async (search) => {
      const counts = await source.keywordCounts({ viewerId: input.viewerId, query: search.query, from: input.from, to: input.to, timeZone: input.timeZone, viewer: input.viewer });
      const byDay = new Map(counts.map((row) => [row.day, row.count]));
      const days = input.days.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
      return { id: search.id, query: search.query, total: days.reduce((sum, row) => sum + row.count, 0), days };
    }),
  );
}
