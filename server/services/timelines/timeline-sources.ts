/**
 * The SQL behind each timeline: candidate post ids, newest first, below or
 * above a cursor. Candidates are already narrowed to what the viewer may see
 * in the common case; the StatusPresenter applies the full visibility rules
 * afterwards, so a candidate here can never leak anything.
 *
 * Home, where no feed is kept (feeds/home-feed-reader.ts) and to build one,
 * merges the newest few posts of each source (each followed person, each of
 * my groups, each followed hashtag, my mentions, my own posts), each an
 * index range scan with its own LIMIT, so a home page costs (sources ×
 * limit) index rows no matter how much the followed accounts have posted. See docs/architecture.md
 * for the measurements behind this choice.
 */
import type { ReadQueries } from '../../db/read-queries.js';
import { cursorSql, type CursorSql, type PageCursor } from './page-query.js';

type Row = { id: string };


/** SQLite caps a compound SELECT at 500 terms; stay well below. */
const MAX_TERMS = 400;

/**
 * The home query's SQL text depends only on how many terms it has, so lists
 * are padded up to a multiple of these with a value no row has: people with
 * 97 or 110 followees then share one prepared statement (server/db/read-queries.ts
 * keeps them; preparing the ~120-term query cost as much as running it).
 * A padding term is one index seek that finds nothing.
 */
const PAD_FOLLOWEES = 16;
const PAD_SMALL = 4;
const NO_MATCH = '';

/** Up to the next multiple of `step`, but never past the per-kind term budget (that would add an IN term instead). */
function padded(values: string[], step: number): string[] {
  const budget = Math.floor(MAX_TERMS / 3);
  if (values.length === 0 || values.length >= budget) return values;
  const target = Math.min(budget, Math.ceil(values.length / step) * step);
  return [...values, ...Array.from({ length: target - values.length }, () => NO_MATCH)];
}

/** A followed person's posts in home: public ones only (the rest reach home as mentions or group posts). */
function followeeSql(name: string, c: CursorSql): string {
  return `SELECT id FROM posts WHERE author_id = :${name} AND visibility = 'public' AND deleted_at IS NULL${c.where} ORDER BY id ${c.order}`;
}

export interface HomeSources {
  viewerId: string;
  followeeIds: string[];
  groupIds: string[];
  tags: string[];
}

export class TimelineSources {
  constructor(private readonly reads: ReadQueries) {}

  private async ids(sql: string, replacements: Record<string, unknown>): Promise<string[]> {
    const rows = await this.reads.select<Row>(sql, replacements);
    return rows.map((row) => String(row.id));
  }

  async home(sources: HomeSources, cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('id', cursor);
    const tagCursor = cursorSql('ph.post_id', cursor);
    const terms: string[] = [];
    const replacements: Record<string, unknown> = { ...c.replacements, viewerId: sources.viewerId, fetch };
    const term = (sql: string) => terms.push(`SELECT id FROM (${sql} LIMIT :fetch) AS t${terms.length}`);
    const live = 'deleted_at IS NULL';

    term(`SELECT id FROM posts WHERE author_id = :viewerId AND ${live}${c.where} ORDER BY id ${c.order}`);
    term(`SELECT post_id AS id FROM post_mentions WHERE user_id = :viewerId${cursorSql('post_id', cursor).where} ORDER BY post_id ${c.order}`);
    this.perValueTerms(padded(sources.followeeIds, PAD_FOLLOWEES), 'f', replacements, terms, (name) => followeeSql(name, c));
    this.perValueTerms(padded(sources.groupIds, PAD_SMALL), 'g', replacements, terms, (name) =>
      `SELECT id FROM posts WHERE group_id = :${name} AND ${live}${c.where} ORDER BY id ${c.order}`,
    );
    this.perValueTerms(padded(sources.tags, PAD_SMALL), 'h', replacements, terms, (name) =>
      `SELECT ph.post_id AS id FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id
       WHERE ph.tag = :${name} AND p.visibility = 'public' AND p.deleted_at IS NULL${tagCursor.where}
       ORDER BY ph.post_id ${c.order}`,
    );
    return this.ids(`SELECT DISTINCT id FROM (${terms.join(' UNION ALL ')}) AS home ORDER BY id ${c.order} LIMIT :fetch`, replacements);
  }

  /**
   * The followed-person terms of `home` alone, for the few authors whose
   * posts home feeds do not hold (merged on read: see feeds/home-feed-reader.ts).
   */
  followedAuthors(authorIds: string[], cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('id', cursor);
    const terms: string[] = [];
    const replacements: Record<string, unknown> = { ...c.replacements, fetch };
    this.perValueTerms(padded(authorIds, PAD_SMALL), 'f', replacements, terms, (name) => followeeSql(name, c));
    return this.ids(`SELECT DISTINCT id FROM (${terms.join(' UNION ALL ')}) AS merged ORDER BY id ${c.order} LIMIT :fetch`, replacements);
  }

  /**
   * One term per value, each with its own LIMIT (the point of the strategy).
   * Past MAX_TERMS values the rest share one IN term: still correct, just
   * slower, and only for people following hundreds of sources.
   */
  private perValueTerms(
    values: string[],
    prefix: string,
    replacements: Record<string, unknown>,
    terms: string[],
    sql: (name: string) => string,
  ): void {
    const budget = Math.max(0, Math.floor(MAX_TERMS / 3));
    values.slice(0, budget).forEach((value, index) => {
      const name = `${prefix}${index}`;
      replacements[name] = value;
      terms.push(`SELECT id FROM (${sql(name)} LIMIT :fetch) AS t${terms.length}`);
    });
    const rest = values.slice(budget);
    if (rest.length > 0) {
      const name = `${prefix}Rest`;
      replacements[name] = rest;
      const inSql = sql(name).replace(`= :${name}`, `IN (:${name})`);
      terms.push(`SELECT id FROM (${inSql} LIMIT :fetch) AS t${terms.length}`);
    }
  }

  /** The oldest `fetch` post ids above `afterId` (home feeds' probe for posts no event delivered). */
  postsAfter(afterId: string, fetch: number): Promise<string[]> {
    return this.ids('SELECT id FROM posts WHERE id > :afterId ORDER BY id LIMIT :fetch', { afterId, fetch });
  }

  /** Company-wide: every public original post (reposts stay in home timelines, as Mastodon's public timeline does). */
  company(cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('id', cursor);
    return this.ids(
      `SELECT id FROM posts WHERE visibility = 'public' AND repost_of_id IS NULL AND deleted_at IS NULL${c.where}
       ORDER BY id ${c.order} LIMIT :fetch`,
      { ...c.replacements, fetch },
    );
  }

  group(groupId: string, cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('id', cursor);
    return this.ids(
      `SELECT id FROM posts WHERE group_id = :groupId AND deleted_at IS NULL${c.where} ORDER BY id ${c.order} LIMIT :fetch`,
      { ...c.replacements, groupId, fetch },
    );
  }

  hashtag(tag: string, cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('ph.post_id', cursor);
    return this.ids(
      `SELECT ph.post_id AS id FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id
       WHERE ph.tag = :tag AND p.deleted_at IS NULL${c.where} ORDER BY ph.post_id ${c.order} LIMIT :fetch`,
      { ...c.replacements, tag, fetch },
    );
  }

  mentions(viewerId: string, cursor: PageCursor, fetch: number): Promise<string[]> {
    const c = cursorSql('post_id', cursor);
    return this.ids(
      `SELECT post_id AS id FROM post_mentions WHERE user_id = :viewerId${c.where} ORDER BY post_id ${c.order} LIMIT :fetch`,
      { ...c.replacements, viewerId, fetch },
    );
  }

  account(
    authorId: string,
    options: { excludeReplies: boolean; excludeReposts: boolean; onlyMedia: boolean },
    cursor: PageCursor,
    fetch: number,
  ): Promise<string[]> {
    const c = cursorSql('id', cursor);
    const filters = [
      options.excludeReplies ? ' AND in_reply_to_id IS NULL' : '',
      options.excludeReposts ? ' AND repost_of_id IS NULL' : '',
      options.onlyMedia ? ' AND EXISTS (SELECT 1 FROM attachments a WHERE a.post_id = posts.id)' : '',
    ].join('');
    return this.ids(
      `SELECT id FROM posts WHERE author_id = :authorId AND deleted_at IS NULL${filters}${c.where}
       ORDER BY id ${c.order} LIMIT :fetch`,
      { ...c.replacements, authorId, fetch },
    );
  }

  /**
   * Bookmarks and likes page by the bookmark/like row's own id (when it was
   * saved), like Mastodon; returns [rowId, postId] pairs.
   */
  async saved(table: 'bookmarks' | 'likes', userId: string, cursor: PageCursor, fetch: number) {
    const c = cursorSql('id', cursor);
    const rows = await this.reads.select<{ id: string; post_id: string }>(
      `SELECT id, post_id FROM ${table} WHERE user_id = :userId${c.where} ORDER BY id ${c.order} LIMIT :fetch`,
      { ...c.replacements, userId, fetch },
    );
    return rows.map((row) => ({ id: String(row.id), postId: String(row.post_id) }));
  }
}
