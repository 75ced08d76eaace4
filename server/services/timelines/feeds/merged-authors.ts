/**
 * The accounts followed by (nearly) everyone, whose posts are merged on read
 * instead of being copied into thousands of feeds: more than
 * fanOutMaxFollowers followers. An account leaves the list only below three
 * quarters of that, so one hovering at the limit does not flip back and
 * forth (each departure makes every feed rebuild: see HomeFeedStore.setMergedAuthors).
 */
import type { ReadQueries } from '../../../db/read-queries.js';
import type { HomeFeedStore } from './home-feed-store.js';

export async function refreshMergedAuthors(reads: ReadQueries, store: HomeFeedStore, maxFollowers: number): Promise<string[]> {
  const stayAbove = Math.floor((maxFollowers * 3) / 4);
  const rows = await reads.select<{ id: unknown; followers: unknown }>(
    'SELECT followee_id AS id, COUNT(*) AS followers FROM follows GROUP BY followee_id HAVING COUNT(*) > :stayAbove',
    { stayAbove },
  );
  const current = new Set(await store.mergedAuthors());
  const next = rows
    .filter((row) => Number(row.followers) > maxFollowers || current.has(String(row.id)))
    .map((row) => String(row.id))
    .sort();
  const unchanged = next.length === current.size && next.every((id) => current.has(id));
  if (!unchanged) await store.setMergedAuthors(next);
  return next;
}
