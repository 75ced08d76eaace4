/**
 * The SQL of search, one implementation per database: FTS5 tables kept by
 * triggers on SQLite, tsvector columns with GIN indexes on PostgreSQL (see
 * migration 0014). Everything else in server/services/search is the same on
 * both. Queries arrive parsed (query-parser.ts) and are bound as values,
 * never spliced into the SQL.
 *
 * The visibility conditions here are a prefilter that mirrors the rules of
 * server/domain/visibility so pages come back full; the StatusPresenter
 * still judges every post before anyone sees it.
 */
import type { ReadQueries } from '../../db/read-queries.js';
import { toInt } from '../../db/raw-values.js';
import { MARK_CLOSE, MARK_OPEN } from './highlight.js';
import { toFtsMatch, toPeopleFtsMatch, toPeopleTsQuery, toTsQuery, type ParsedQuery } from './query-parser.js';

/** Who is searching and what narrows the results. */
export interface PostFilter {
  viewerId: string;
  /** Groups the viewer is a full member of (their private groups' posts may match). */
  memberGroupIds: string[];
  /** Only posts by this person (`account_id`). */
  authorId?: string;
  /** Only posts by people the viewer follows (`following`). */
  followingOnly?: boolean;
  /** Only posts with `fromId <= id < toId` (ULIDs: a time range). */
  idRange?: { fromId: string; toId: string };
}

/** `day`: days since 1970-01-01 on the shifted clock (see SearchSql.postsPerDay). */
export interface DayCount {
  day: number;
  count: number;
}

export interface SearchSql {
  /** Candidate post ids, best match first (newer first on ties). */
  posts(query: ParsedQuery, filter: PostFilter, limit: number, offset: number): Promise<string[]>;
  /** Marked snippets (MARK_OPEN/MARK_CLOSE around matches) of the given posts. */
  snippets(query: ParsedQuery, postIds: string[]): Promise<Map<string, string>>;
  /** Does this one post match? (Watched saved searches, on each new post.) */
  postMatches(query: ParsedQuery, postId: string): Promise<boolean>;
  /**
   * How many matching posts the filter allows, counting no further than `cap`:
   * the database stops at the cap, so a common word costs no more than a rare one.
   */
  countPosts(query: ParsedQuery, filter: PostFilter, cap: number): Promise<number>;
  /**
   * Matching posts the filter allows, counted per day by the database (one row
   * per day with posts, however many posts): `day` is the number of whole days
   * since the epoch of (creation time + `offsetSeconds`), i.e. a day on a clock
   * `offsetSeconds` ahead of UTC.
   */
  postsPerDay(query: ParsedQuery, filter: PostFilter, offsetSeconds: number): Promise<DayCount[]>;
  /** Active people whose name, username, title, department or mail match, best first. */
  people(query: ParsedQuery, limit: number, offset: number): Promise<string[]>;
}

/**
 * Relevance is ranked among the newest RANKING_WINDOW matches (after the
 * visibility filter), not among all of them: ranking every match of a common
 * word reads the whole posting list (measured on 100,000 posts: 282 ms for a
 * word in most posts, 10 ms windowed), and in a company stream a recent good
 * match beats an old perfect one. Deeper pages widen the window.
 */
export const RANKING_WINDOW = 1000;
const rankingWindow = (limit: number, offset: number) => Math.max(RANKING_WINDOW, offset + limit);

/** Live, unhidden originals (hidden posts stay indexed so unhiding needs no reindex). */
const LIVE = 'p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.repost_of_id IS NULL';

/** The audience rules as SQL, with their replacements. */
function audienceSql(filter: PostFilter): { sql: string; replacements: Record<string, unknown> } {
  const replacements: Record<string, unknown> = { viewerId: filter.viewerId };
  const memberGroups = filter.memberGroupIds.length > 0 ? ' OR p.group_id IN (:memberGroupIds)' : '';
  if (filter.memberGroupIds.length > 0) replacements.memberGroupIds = filter.memberGroupIds;
  const conditions = [
    `(p.visibility = 'public' AND p.group_id IS NULL
      OR p.visibility = 'group' AND (g.visibility = 'public'${memberGroups})
      OR p.visibility = 'direct' AND (p.author_id = :viewerId
        OR EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = p.id AND m.user_id = :viewerId)))`,
  ];
  if (filter.authorId) {
    conditions.push('p.author_id = :authorId');
    replacements.authorId = filter.authorId;
  }
  if (filter.followingOnly) conditions.push('p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = :viewerId)');
  if (filter.idRange) {
    conditions.push('p.id >= :fromId AND p.id < :toId');
    replacements.fromId = filter.idRange.fromId;
    replacements.toId = filter.idRange.toId;
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), replacements };
}

const ids = (rows: Array<{ id: unknown }>) => rows.map((row) => String(row.id));
const dayCounts = (rows: Array<{ day: unknown; n: unknown }>): DayCount[] => rows.map((row) => ({ day: toInt(row.day), count: toInt(row.n) }));
const countOf = (rows: Array<{ n: unknown }>) => toInt(rows[0]?.n);
const SECONDS_PER_DAY = 86_400;

/** FTS5: posts_fts and users_fts are external-content tables over posts and users, joined by rowid. */
export class SqliteSearchSql implements SearchSql {
  constructor(private readonly reads: ReadQueries) {}

  async posts(query: ParsedQuery, filter: PostFilter, limit: number, offset: number): Promise<string[]> {
    const audience = audienceSql(filter);
    // FTS5 walks the matches newest first (rowid order is insertion order) and stops at the window.
    const rows = await this.reads.select<{ id: string }>(
      `SELECT id FROM (
         SELECT p.id AS id, bm25(posts_fts) AS score FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid LEFT JOIN groups g ON g.id = p.group_id
         WHERE posts_fts MATCH :match AND ${LIVE}${audience.sql}
         ORDER BY posts_fts.rowid DESC LIMIT :window
       ) AS recent ORDER BY score, id DESC LIMIT :limit OFFSET :offset`,
      { ...audience.replacements, match: toFtsMatch(query), window: rankingWindow(limit, offset), limit, offset },
    );
    return ids(rows);
  }

  async snippets(query: ParsedQuery, postIds: string[]): Promise<Map<string, string>> {
    if (postIds.length === 0) return new Map();
    const keys = await this.reads.select<{ id: string; rowid: number }>('SELECT id, rowid FROM posts WHERE id IN (:postIds)', { postIds });
    if (keys.length === 0) return new Map();
    const idOf = new Map(keys.map((key) => [Number(key.rowid), String(key.id)]));
    const rowids = [...idOf.keys()];
    // FTS5 seeks each listed rowid, but re-expands a prefix term for every one of them; a prefix
    // query reads the rowid range once instead. Measured on 100,000 posts: `deploying` 1.5 ms
    // listed against 5 ms as a range; `secur*` 9 ms as a range against 77 ms listed. The range
    // may span most of the index (an old and a new post shown together), so `+rowid IN` keeps
    // the snippets, the costly part, to the shown posts: the unary plus leaves that condition
    // to SQLite as a filter instead of handing it to FTS5 as the lookup.
    const hasPrefix = [...query.groups.flat(), ...query.excluded].some((term) => term.prefix);
    const rows = await this.reads.select<{ rowid: number; snippet: string }>(
      `SELECT rowid, snippet(posts_fts, 0, :open, :close, '…', 32) AS snippet FROM posts_fts
       WHERE posts_fts MATCH :match AND ${hasPrefix ? 'rowid >= :first AND rowid <= :last AND +rowid IN (:rowids)' : 'rowid IN (:rowids)'}`,
      { match: toFtsMatch(query), open: MARK_OPEN, close: MARK_CLOSE, rowids, first: Math.min(...rowids), last: Math.max(...rowids) },
    );
    const snippets = new Map<string, string>();
    for (const row of rows) {
      const id = idOf.get(Number(row.rowid));
      if (id) snippets.set(id, String(row.snippet ?? ''));
    }
    return snippets;
  }

  async postMatches(query: ParsedQuery, postId: string): Promise<boolean> {
    const rows = await this.reads.select(
      `SELECT 1 AS hit FROM posts_fts WHERE posts_fts MATCH :match AND rowid = (SELECT rowid FROM posts WHERE id = :postId)`,
      { match: toFtsMatch(query), postId },
    );
    return rows.length > 0;
  }

  async countPosts(query: ParsedQuery, filter: PostFilter, cap: number): Promise<number> {
    const audience = audienceSql(filter);
    // Newest first: "new since" ranges are recent, so the cap is usually reached early.
    const rows = await this.reads.select<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT 1 FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid LEFT JOIN groups g ON g.id = p.group_id
         WHERE posts_fts MATCH :match AND ${LIVE}${audience.sql}
         ORDER BY posts_fts.rowid DESC LIMIT :cap
       ) AS capped`,
      { ...audience.replacements, match: toFtsMatch(query), cap },
    );
    return countOf(rows);
  }

  async postsPerDay(query: ParsedQuery, filter: PostFilter, offsetSeconds: number): Promise<DayCount[]> {
    const audience = audienceSql(filter);
    // created_at is text here ('2026-03-10 23:30:00.000 +00:00'); strftime reads its offset too.
    const rows = await this.reads.select<{ day: unknown; n: unknown }>(
      `SELECT (CAST(strftime('%s', p.created_at) AS INTEGER) + :offset) / ${SECONDS_PER_DAY} AS day, COUNT(*) AS n
       FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid LEFT JOIN groups g ON g.id = p.group_id
       WHERE posts_fts MATCH :match AND ${LIVE}${audience.sql}
       GROUP BY day`,
      { ...audience.replacements, match: toFtsMatch(query), offset: offsetSeconds },
    );
    return dayCounts(rows);
  }

  async people(query: ParsedQuery, limit: number, offset: number): Promise<string[]> {
    const rows = await this.reads.select<{ id: string }>(
      `SELECT u.id AS id FROM users_fts JOIN users u ON u.rowid = users_fts.rowid
       WHERE users_fts MATCH :match AND u.deactivated_at IS NULL AND u.suspended_at IS NULL
       ORDER BY bm25(users_fts, 10.0, 10.0, 2.0, 2.0, 5.0), u.display_name LIMIT :limit OFFSET :offset`,
      { match: toPeopleFtsMatch(query), limit, offset },
    );
    return ids(rows);
  }
}

/** Private-use stand-ins for < > & while ts_headline reads the text. */
const STAND_INS = ['\uE000', '\uE001', '\uE002'] as const;
const restoreMarkup = (text: string) => text.replace(/\uE000/g, '<').replace(/\uE001/g, '>').replace(/\uE002/g, '&');

/** The configuration the posts' search_vector column was built with (migration 0014). */
const POSTS_CONFIG = `'english'`;

/** PostgreSQL: generated tsvector columns with GIN indexes; ts_rank and ts_headline. */
export class PostgresSearchSql implements SearchSql {
  constructor(private readonly reads: ReadQueries) {}

  async posts(query: ParsedQuery, filter: PostFilter, limit: number, offset: number): Promise<string[]> {
    const audience = audienceSql(filter);
    const rows = await this.reads.select<{ id: string }>(
      `SELECT id FROM (
         SELECT p.id AS id, ts_rank(p.search_vector, to_tsquery(${POSTS_CONFIG}, :tsq)) AS score FROM posts p LEFT JOIN groups g ON g.id = p.group_id
         WHERE p.search_vector @@ to_tsquery(${POSTS_CONFIG}, :tsq) AND ${LIVE}${audience.sql}
         ORDER BY p.id DESC LIMIT :window
       ) AS recent ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset`,
      { ...audience.replacements, tsq: toTsQuery(query), window: rankingWindow(limit, offset), limit, offset },
    );
    return ids(rows);
  }

  async snippets(query: ParsedQuery, postIds: string[]): Promise<Map<string, string>> {
    if (postIds.length === 0) return new Map();
    const options = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    // ts_headline's parser reads <...> as markup and drops it; a post is plain text, so the
    // markup characters are swapped for private-use ones around the call and back after.
    const rows = await this.reads.select<{ id: string; snippet: string }>(
      `SELECT id, ts_headline(${POSTS_CONFIG}, translate(text, '<>&', :stand_ins), to_tsquery(${POSTS_CONFIG}, :tsq), :options) AS snippet
       FROM posts WHERE id IN (:postIds)`,
      { tsq: toTsQuery(query), options, postIds, stand_ins: STAND_INS.join('') },
    );
    return new Map(rows.map((row) => [String(row.id), restoreMarkup(String(row.snippet ?? ''))]));
  }

  async postMatches(query: ParsedQuery, postId: string): Promise<boolean> {
    const rows = await this.reads.select(
      `SELECT 1 AS hit FROM posts WHERE id = :postId AND search_vector @@ to_tsquery(${POSTS_CONFIG}, :tsq)`,
      { tsq: toTsQuery(query), postId },
    );
    return rows.length > 0;
  }

  async countPosts(query: ParsedQuery, filter: PostFilter, cap: number): Promise<number> {
    const audience = audienceSql(filter);
    const rows = await this.reads.select<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT 1 FROM posts p LEFT JOIN groups g ON g.id = p.group_id
         WHERE p.search_vector @@ to_tsquery(${POSTS_CONFIG}, :tsq) AND ${LIVE}${audience.sql}
         LIMIT :cap
       ) AS capped`,
      { ...audience.replacements, tsq: toTsQuery(query), cap },
    );
    return countOf(rows);
  }

  async postsPerDay(query: ParsedQuery, filter: PostFilter, offsetSeconds: number): Promise<DayCount[]> {
    const audience = audienceSql(filter);
    const rows = await this.reads.select<{ day: unknown; n: unknown }>(
      `SELECT CAST(FLOOR((EXTRACT(EPOCH FROM p.created_at) + :offset) / ${SECONDS_PER_DAY}) AS INTEGER) AS day, COUNT(*) AS n
       FROM posts p LEFT JOIN groups g ON g.id = p.group_id
       WHERE p.search_vector @@ to_tsquery(${POSTS_CONFIG}, :tsq) AND ${LIVE}${audience.sql}
       GROUP BY 1`,
      { ...audience.replacements, tsq: toTsQuery(query), offset: offsetSeconds },
    );
    return dayCounts(rows);
  }

  async people(query: ParsedQuery, limit: number, offset: number): Promise<string[]> {
    const rows = await this.reads.select<{ id: string }>(
      `SELECT id FROM users
       WHERE search_vector @@ to_tsquery('simple', :tsq) AND deactivated_at IS NULL AND suspended_at IS NULL
       ORDER BY ts_rank(search_vector, to_tsquery('simple', :tsq)) DESC, display_name LIMIT :limit OFFSET :offset`,
      { tsq: toPeopleTsQuery(query), limit, offset },
    );
    return ids(rows);
  }
}
