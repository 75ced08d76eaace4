/**
 * A trending hashtag as Mastodon's Tag entity (https://docs.joinmastodon.org/entities/Tag/)
 * with its `history` filled in: the last 7 UTC days, newest first, `day` as a
 * Unix timestamp and every number as a string, as Mastodon sends them.
 * Warble adds `warble: { accounts, previous_accounts, uses, score }` for the
 * window asked for (see docs/api.md).
 */
import type { TagHistoryDay } from '../services/trends/trend-scoring.js';
import type { TrendingTag } from '../services/trends/trends-service.js';

export interface ApiTrendTag {
  name: string;
  url: string;
  history: TagHistoryDay[];
  following: boolean;
  warble: { accounts: number; previous_accounts: number; uses: number; score: number };
}

/** `baseUrl` has no trailing slash. */
export function toApiTrendTag(tag: TrendingTag & { following: boolean }, baseUrl: string): ApiTrendTag {
  return {
    name: tag.name,
    url: `${baseUrl}/tags/${encodeURIComponent(tag.name)}`,
    history: tag.history,
    following: tag.following,
    warble: { accounts: tag.accounts, previous_accounts: tag.previousAccounts, uses: tag.uses, score: Math.round(tag.score * 1000) / 1000 },
  };
}
