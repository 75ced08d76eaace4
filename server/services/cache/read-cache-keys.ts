/**
 * Which cached records an event makes stale: the one place that knows how
 * writes map onto the read caches (server/db/cache/). Pure, so every event
 * name is checked by the compiler and by a unit test.
 */
import type { StaleRecords } from '../../db/cache/stale-records.js';
import type { WarbleEventName, WarbleEvents } from '../events.js';

const none = (): StaleRecords => ({ posts: [], users: [], groups: [] });

type Mapper<K extends WarbleEventName> = (payload: WarbleEvents[K]) => StaleRecords;

/**
 * Every event, so a new one is a compile error until someone decides what it
 * makes stale. Counts shown with an account (followers, posts, last post)
 * change with follows and posts, hence those events drop the people involved.
 */
const MAPPERS: { [K in WarbleEventName]: Mapper<K> } = {
  'post.created': (p) => ({ ...none(), users: [p.authorId] }),
  'post.edited': (p) => ({ ...none(), posts: [p.postId] }),
  'post.deleted': (p) => ({ ...none(), posts: [p.postId], users: [p.authorId] }),
  'post.countsChanged': (p) => ({ ...none(), posts: [p.postId] }),
  'post.unhidden': (p) => ({ ...none(), posts: [p.postId] }),
  'posts.purged': (p) => ({ ...none(), posts: p.postIds, users: p.authorIds }),
  'attachment.changed': (p) => ({ ...none(), posts: p.postId ? [p.postId] : [] }),
  'follow.created': (p) => ({ ...none(), users: [p.followerId, p.followeeId] }),
  'follow.removed': (p) => ({ ...none(), users: [p.followerId, p.followeeId] }),
  'user.deactivated': (p) => ({ ...none(), users: [p.userId] }),
  'user.updated': (p) => ({ ...none(), users: [p.userId] }),
  'group.updated': (p) => ({ ...none(), groups: [p.groupId] }),
  // Membership is read per request with the viewer, never cached: nothing to drop.
  'group.memberAdded': none,
  'group.memberRemoved': none,
  'notification.created': none,
  'user.created': none,
  'user.signedIn': none,
  'access.revoked': none,
  'token.revoked': none,
  'session.ended': none,
  'announcement.published': none,
  'announcement.withdrawn': none,
  'announcement.receipts': none,
};

/** What `name` makes stale; null when nothing. */
export function staleRecordsOf<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): StaleRecords | null {
  const stale = (MAPPERS[name] as Mapper<K>)(payload);
  return stale.posts.length + stale.users.length + stale.groups.length === 0 ? null : stale;
}
