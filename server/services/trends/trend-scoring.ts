/**
 * What "rising" means, as pure functions (unit-tested without a database).
 *
 * Hashtags: `a` = distinct people who used the tag in the window, `p` = in the
 * preceding window of the same length. A tag trends only when `a > p`, with
 *
 *     score = (a - p) * a / (p + 1)
 *
 * so growth counts, new tags used by several people rise fastest, and one
 * person repeating a tag counts once (3 people once each: 9; 1 person ten
 * times: 1).
 *
 * Posts: `e` = engagements inside the window, each person counted once per
 * kind (a like, a repost, a reply by someone other than the author), decayed
 * by the post's age so a fresh post with the same engagement ranks higher:
 *
 *     score = e * 2^(-age / window)
 */

export const TREND_WINDOWS = ['24h', '7d'] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];

export const WINDOW_MS: Record<TrendWindow, number> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 };

export function isTrendWindow(value: unknown): value is TrendWindow {
  return typeof value === 'string' && (TREND_WINDOWS as readonly string[]).includes(value);
}

/** The tag score above; 0 (not trending) unless more people used it now than before. */
export function tagScore(accounts: number, previousAccounts: number): number {
  if (accounts <= previousAccounts) return 0;
  return ((accounts - previousAccounts) * accounts) / (previousAccounts + 1);
}

/** The post score above; `ageMs` is how old the post is now. */
export function postScore(engagements: number, ageMs: number, windowMs: number): number {
  if (engagements <= 0) return 0;
  return engagements * 2 ** (-Math.max(0, ageMs) / windowMs);
}

const DAY_MS = 24 * 3600_000;

/** Midnight UTC of the day `time` falls in. */
export function dayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

/** Mastodon's Tag history entry: strings, newest day first. */
export interface TagHistoryDay {
  day: string;
  uses: string;
  accounts: string;
}

/**
 * The last `days` UTC days of a tag's use, newest first, as Mastodon reports
 * them: `uses` posts and `accounts` distinct people per day.
 */
export function tagHistory(uses: ReadonlyArray<{ authorId: string; time: number }>, now: number, days = 7): TagHistoryDay[] {
  const today = dayStart(now);
  const buckets = Array.from({ length: days }, (_, index) => ({ day: today - index * DAY_MS, uses: 0, accounts: new Set<string>() }));
  for (const use of uses) {
    const index = Math.round((today - dayStart(use.time)) / DAY_MS);
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.uses += 1;
    bucket.accounts.add(use.authorId);
  }
  return buckets.map((bucket) => ({ day: String(bucket.day / 1000), uses: String(bucket.uses), accounts: String(bucket.accounts.size) }));
}
