/**
 * Whose home feed a post is a candidate for: exactly the sources the home
 * merge (TimelineSources.home) reads, so a feed and the merge propose the
 * same candidates. The author; the people it mentions; the active members
 * of its group; and, for public posts only, the author's followers and the
 * followers of its hashtags. Visibility is not decided here: the presenter
 * decides at read time.
 */
import type { ReadQueries } from '../../../db/read-queries.js';
import type { AudienceRepository } from '../../../db/repositories/audience-repository.js';
import type { FeedDelivery } from './home-feed-store.js';

export class FeedAudience {
  constructor(
    private readonly reads: ReadQueries,
    private readonly audience: AudienceRepository,
  ) {}

  followersOf(authorId: string): Promise<string[]> {
    return this.audience.followersOf(authorId);
  }

  /** 'gone' for a deleted post or a row no longer there (an undone repost). */
  async stateOf(postId: string): Promise<'live' | 'hidden' | 'gone'> {
    const rows = await this.reads.select<{ deleted_at: unknown; hidden_at: unknown }>(
      'SELECT deleted_at, hidden_at FROM posts WHERE id = :postId',
      { postId },
    );
    const row = rows[0];
    if (!row || row.deleted_at !== null) return 'gone';
    return row.hidden_at === null ? 'live' : 'hidden';
  }

  /** null when the post row is gone (a repost undone). */
  async of(postId: string): Promise<FeedDelivery | null> {
    const rows = await this.reads.select<{ kind: string; value: unknown; extra: unknown }>(
      `SELECT 'post' AS kind, author_id AS value, visibility AS extra FROM posts WHERE id = :postId
       UNION ALL SELECT 'group', group_id, NULL FROM posts WHERE id = :postId AND group_id IS NOT NULL
       UNION ALL SELECT 'mention', user_id, NULL FROM post_mentions WHERE post_id = :postId
       UNION ALL SELECT 'tag', tag, NULL FROM post_hashtags WHERE post_id = :postId`,
      { postId },
    );
    const post = rows.find((row) => row.kind === 'post');
    if (!post) return null;
    const authorId = String(post.value);
    const isPublic = post.extra === 'public';
    const valuesOf = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => String(row.value));
    const groupId = valuesOf('group')[0];
    const tags = valuesOf('tag');
    const [members, tagFollowers, followers] = await Promise.all([
      groupId ? this.audience.activeMembers(groupId) : [],
      isPublic ? this.audience.hashtagFollowers(tags) : [],
      isPublic ? this.audience.followersOf(authorId) : [],
    ]);
    const recipients = [...new Set([authorId, ...valuesOf('mention'), ...members, ...tagFollowers])];
    return { postId, authorId, recipients, followers };
  }
}
