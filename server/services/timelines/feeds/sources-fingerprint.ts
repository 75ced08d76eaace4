/**
 * What a home feed was built from: the people, groups and hashtags followed.
 * A feed whose fingerprint differs from the reader's sources now is rebuilt,
 * so a follow, an unfollow, joining or leaving a group shows on the very
 * next page, whether or not an event about it reached this node (Misskey's
 * "gap after toggling a follow" cannot happen).
 */
import { createHash } from 'node:crypto';
import type { HomeSources } from '../timeline-sources.js';

export function sourcesFingerprint(sources: HomeSources): string {
  const hash = createHash('sha256');
  for (const values of [sources.followeeIds, sources.groupIds, sources.tags]) {
    hash.update([...values].sort().join('\n'));
    hash.update('\u0000');
  }
  return hash.digest('base64url').slice(0, 22);
}
