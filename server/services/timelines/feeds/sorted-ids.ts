/**
 * A feed in memory: post ids sorted newest first (ULIDs sort as strings),
 * searched by bisection so inserts and page reads stay O(log n) per id.
 */
import type { FeedWindow } from './home-feed-store.js';

/** The index of the first id in `ids` (newest first) that is older than `id`, i.e. < id. */
export function firstOlder(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle]! >= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first id that is <= `id`. */
function firstAtOrOlder(ids: readonly string[], id: string): number {
  const older = firstOlder(ids, id);
  return older > 0 && ids[older - 1] === id ? older - 1 : older;
}

/** Inserts `id` in place; false when it was already there. */
export function insertId(ids: string[], id: string): boolean {
  const at = firstOlder(ids, id);
  if (at > 0 && ids[at - 1] === id) return false;
  ids.splice(at, 0, id);
  return true;
}

export function removeId(ids: string[], id: string): void {
  const at = firstOlder(ids, id);
  if (at > 0 && ids[at - 1] === id) ids.splice(at - 1, 1);
}

/** The ids strictly inside the window, in window order. */
export function windowOf(ids: readonly string[], window: FeedWindow): string[] {
  const start = window.below === undefined ? 0 : firstOlder(ids, window.below);
  const end = window.above === undefined ? ids.length : firstAtOrOlder(ids, window.above);
  const inside = ids.slice(start, Math.max(start, end));
  return window.ascending ? inside.slice(-window.count).reverse() : inside.slice(0, window.count);
}
