/**
 * Reads the raw material of a dashboard for one scope and range: the scope's
 * posts, and every impression and engagement event by other people on them
 * (replies, reposts, likes, link clicks), plus follows gained. SQL only
 * filters by id and time range on indexed columns; bucketing by the reader's
 * time zone happens in analytics-buckets.ts, so nothing here is dialect-specific.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { toDate } from '../../db/raw-values.js';
import type { AnalyticsEvent, EventKind } from './analytics-buckets.js';
import { scopeCondition, type AnalyticsScope } from './analytics-scope.js';

export interface RangeInstants {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface ScopeEvents {
  posts: Array<{ id: string; at: Date }>;
  events: AnalyticsEvent[];
  follows: Date[];
}

// Each source: which table holds the event, how it joins to the scope's post `p`, and "not by the author".
const EVENT_SOURCES: ReadonlyArray<{ kind: EventKind; sql: string }> = [
  {
    kind: 'impression',
    // The recorder never stores the author's own views.
    sql: `SELECT i.post_id AS post_id, i.first_seen_at AS at FROM post_impressions i JOIN posts p ON p.id = i.post_id
          WHERE i.first_seen_at >= :start AND i.first_seen_at < :end`,
  },
  {
    kind: 'reply',
    sql: `SELECT p.id AS post_id, r.created_at AS at FROM posts r JOIN posts p ON p.id = r.in_reply_to_id
          WHERE r.created_at >= :start AND r.created_at < :end AND r.deleted_at IS NULL AND r.author_id <> p.author_id`,
  },
  {
    kind: 'repost',
    sql: `SELECT p.id AS post_id, r.created_at AS at FROM posts r JOIN posts p ON p.id = r.repost_of_id
          WHERE r.created_at >= :start AND r.created_at < :end AND r.deleted_at IS NULL AND r.author_id <> p.author_id`,
  },
  {
    kind: 'like',
    sql: `SELECT p.id AS post_id, l.created_at AS at FROM likes l JOIN posts p ON p.id = l.post_id
          WHERE l.created_at >= :start AND l.created_at < :end AND l.user_id <> p.author_id`,
  },
  {
    kind: 'click',
    sql: `SELECT p.id AS post_id, c.clicked_at AS at FROM link_clicks c JOIN posts p ON p.id = c.post_id
          WHERE c.clicked_at >= :start AND c.clicked_at < :end AND (c.user_id IS NULL OR c.user_id <> p.author_id)`,
  },
];

/** Reads a scope's posts and events in a range. */
export class AnalyticsEvents {
  constructor(private readonly sequelize: Sequelize) {}

  async read(scope: AnalyticsScope, range: RangeInstants): Promise<ScopeEvents> {
    const condition = scopeCondition(scope);
    const replacements = { ...condition.replacements, start: range.start, end: range.end };
    const [posts, follows, ...perKind] = await Promise.all([
      this.select(`SELECT p.id AS id, p.created_at AS at FROM posts p WHERE ${condition.sql} AND p.created_at >= :start AND p.created_at < :end`, replacements),
      this.follows(scope, range),
      ...EVENT_SOURCES.map((source) => this.select(`${source.sql} AND ${condition.sql}`, replacements)),
    ]);
    const events: AnalyticsEvent[] = [];
    perKind.forEach((rows, index) => {
      const kind = EVENT_SOURCES[index]!.kind;
      for (const row of rows) {
        const at = toDate(row.at);
        if (at) events.push({ kind, postId: String(row.post_id), at });
      }
    });
    return {
      posts: posts.flatMap((row) => {
        const at = toDate(row.at);
        return at ? [{ id: String(row.id), at }] : [];
      }),
      events,
      follows: follows.flatMap((row) => toDate(row.at) ?? []),
    };
  }

  /** Followers gained by a person; members who joined a group; every follow for the company. */
  private follows(scope: AnalyticsScope, range: RangeInstants): Promise<Array<Record<string, unknown>>> {
    const window = { start: range.start, end: range.end };
    switch (scope.kind) {
      case 'person':
        return this.select(`SELECT created_at AS at FROM follows WHERE followee_id = :id AND created_at >= :start AND created_at < :end`, { ...window, id: scope.userId });
      case 'group':
        return this.select(
          `SELECT created_at AS at FROM group_memberships WHERE group_id = :id AND state = 'active' AND role <> 'owner' AND created_at >= :start AND created_at < :end`,
          { ...window, id: scope.groupId },
        );
      case 'company':
        return this.select(`SELECT created_at AS at FROM follows WHERE created_at >= :start AND created_at < :end`, window);
    }
  }

  private select(sql: string, replacements: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    return this.sequelize.query<Record<string, unknown>>(sql, { replacements, type: QueryTypes.SELECT });
  }
}
