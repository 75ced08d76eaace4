/**
 * The SQL behind trends, portable between SQLite and PostgreSQL.
 *
 * Time windows are id ranges: ids are ULIDs whose prefix is the creation
 * time (domain/ids.ts), so "posts of the last 14 days" is a range scan of the
 * posts' primary key (company) or of `posts_group_live (group_id, id)` (one
 * group), and "likes of the last day" a range of the likes' primary key; each
 * post's hashtags come from the `post_hashtags` primary key (post_id, tag).
 *
 * Only posts everyone in the scope may see are counted: for the company,
 * public posts and posts of public groups; for a group, that group's posts;
 * never deleted posts, posts hidden by moderation, direct messages or (for
 * the company) private groups. Reposts are engagement, not uses of a tag.
 */
import type { ReadQueries } from '../../db/read-queries.js';

/** Company-wide or one group. */
export type TrendScope = { kind: 'company' } | { kind: 'group'; groupId: string };

/** Posts (as alias `a`) that everyone in the scope may see. */
function visibleIn(scope: TrendScope, a: string): string {
  const live = `${a}.deleted_at IS NULL AND ${a}.hidden_at IS NULL`;
  if (scope.kind === 'group') return `${live} AND ${a}.visibility = 'group' AND ${a}.group_id = :groupId`;
  return `${live} AND (${a}.visibility = 'public' OR (${a}.visibility = 'group' AND ${a}.group_id IN (SELECT g.id FROM groups g WHERE g.visibility = 'public')))`;
}

const scopeValues = (scope: TrendScope) => (scope.kind === 'group' ? { groupId: scope.groupId } : {});

export interface TagCounts {
  tag: string;
  accounts: number;
  previousAccounts: number;
  uses: number;
}

export interface PostEngagement {
  id: string;
  engagements: number;
}

export class TrendQueries {
  /**
   * On the hot-read connections: on SQLite an aggregate over a large company
   * takes a second or more, and on Sequelize's one shared connection every
   * other query (writes included) would queue behind it.
   */
  constructor(private readonly reads: ReadQueries) {}

  /**
   * Per tag used in [previousFrom, now): distinct people in the current
   * window (ids >= currentFrom) and in the one before, and posts in the
   * current window. Only tags with more people now than before.
   */
  async tagCounts(scope: TrendScope, previousFrom: string, currentFrom: string): Promise<TagCounts[]> {
    const now = `COUNT(DISTINCT CASE WHEN p.id >= :currentFrom THEN p.author_id END)`;
    const before = `COUNT(DISTINCT CASE WHEN p.id < :currentFrom THEN p.author_id END)`;
    const rows = await this.reads.select<{ tag: string; accounts: number | string; previous_accounts: number | string; uses: number | string }>(
      `SELECT ph.tag AS tag, ${now} AS accounts, ${before} AS previous_accounts,
              SUM(CASE WHEN p.id >= :currentFrom THEN 1 ELSE 0 END) AS uses
         FROM posts p JOIN post_hashtags ph ON ph.post_id = p.id
        WHERE p.id >= :previousFrom AND p.repost_of_id IS NULL AND ${visibleIn(scope, 'p')}
        GROUP BY ph.tag
       HAVING ${now} > ${before}`,
      { previousFrom, currentFrom, ...scopeValues(scope) },
    );
    return rows.map((row) => ({
      tag: row.tag,
      accounts: Number(row.accounts),
      previousAccounts: Number(row.previous_accounts),
      uses: Number(row.uses),
    }));
  }

  /** Each use of `tags` since `from` (one row per post), for the daily history. */
  async tagUses(scope: TrendScope, tags: readonly string[], from: string): Promise<Array<{ tag: string; authorId: string; postId: string }>> {
    if (tags.length === 0) return [];
    const rows = await this.reads.select<{ tag: string; author_id: string; id: string }>(
      `SELECT ph.tag AS tag, p.author_id AS author_id, p.id AS id
         FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id
        WHERE ph.tag IN (:tags) AND p.id >= :from AND p.repost_of_id IS NULL AND ${visibleIn(scope, 'p')}`,
      { tags: [...tags], from, ...scopeValues(scope) },
    );
    return rows.map((row) => ({ tag: row.tag, authorId: row.author_id, postId: row.id }));
  }

  /**
   * Posts in the scope engaged with since `from`: likes, reposts and replies
   * (a reply only when it is itself visible in the scope), each person once
   * per kind, never the author's own. `CROSS JOIN` keeps SQLite's planner
   * on the window's engagements first (then one primary-key lookup per post)
   * instead of walking every original post; PostgreSQL treats it as a join.
   */
  async postEngagements(scope: TrendScope, from: string): Promise<PostEngagement[]> {
    const rows = await this.reads.select<{ id: string; engagements: number | string }>(
      `SELECT e.target AS id, COUNT(DISTINCT e.kind || ':' || e.person) AS engagements
         FROM (
           SELECT l.post_id AS target, l.user_id AS person, 'like' AS kind FROM likes l WHERE l.id >= :from
           UNION ALL
           SELECT r.repost_of_id AS target, r.author_id AS person, 'repost' AS kind
             FROM posts r WHERE r.id >= :from AND r.repost_of_id IS NOT NULL AND r.deleted_at IS NULL
           UNION ALL
           SELECT r.in_reply_to_id AS target, r.author_id AS person, 'reply' AS kind
             FROM posts r WHERE r.id >= :from AND r.in_reply_to_id IS NOT NULL AND ${visibleIn(scope, 'r')}
         ) e
         CROSS JOIN posts p
        WHERE p.id = e.target AND p.repost_of_id IS NULL AND e.person <> p.author_id AND ${visibleIn(scope, 'p')}
        GROUP BY e.target`,
      { from, ...scopeValues(scope) },
    );
    return rows.map((row) => ({ id: row.id, engagements: Number(row.engagements) }));
  }
}
