/**
 * One search box over posts, people, groups and hashtags, for one viewer.
 *
 * Posts: ranked candidates from the full-text index (already narrowed to
 * what the viewer may see), then judged by the StatusPresenter like every
 * timeline; when it drops some, the next candidates are read so pages stay
 * full. People: the people index. Groups: name and description (a few hundred
 * rows: a LIKE is cheaper than another index), only groups the viewer may
 * know exist. Hashtags: prefix of the tag, counted over company-visible posts
 * only, so a tag used only inside a private group never shows.
 */
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { validationError } from '../../domain/errors.js';
import { normalizeHashtag } from '../../domain/text/index.js';
import { activeViewer, canSeeGroup, isFullMembership, type ViewerContext } from '../../domain/visibility/index.js';
import { toApiGroup, type ApiGroup } from '../../serializers/group.js';
import type { ApiStatus } from '../../serializers/status.js';
import { toApiTag, type ApiTag } from '../../serializers/tag.js';
import type { GroupReadService } from '../groups/group-read.js';
import type { PresentAccount, StatusPresenter } from '../posts/status-presenter.js';
import { highlightToHtml } from './highlight.js';
import { parseSearchQuery, plainWords, type ParsedQuery } from './query-parser.js';
import type { PostFilter, SearchSql } from './search-sql.js';

export const SEARCH_TYPES = ['accounts', 'statuses', 'hashtags', 'groups'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchRequest {
  q: string;
  /** One kind only; every kind when absent. */
  type?: SearchType;
  limit: number;
  offset: number;
  /** Only posts by this account. */
  accountId?: string;
  /** Only posts by, and people, the viewer follows. */
  following?: boolean;
}

/** A status found by search, with Warble's highlighted excerpt (escaped HTML with `<mark>`). */
export type FoundStatus = ApiStatus & { warble_highlight: string };

export interface SearchResults {
  accounts: object[];
  statuses: FoundStatus[];
  hashtags: ApiTag[];
  groups: ApiGroup[];
  /** The people found, as rows (the web page shows title and department). */
  people: UserModel[];
}

const MAX_ROUNDS = 4;

export class SearchService {
  constructor(
    private readonly sql: SearchSql,
    private readonly reads: ReadQueries,
    private readonly statuses: StatusPresenter,
    private readonly models: Models,
    private readonly groupReads: GroupReadService,
    private readonly presentAccount: PresentAccount,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Everything (or one `type`) matching `q`. Throws E_VALIDATION for an empty or too long query. */
  async search(viewer: ViewerContext, request: SearchRequest, baseUrl: string): Promise<SearchResults> {
    const query = parseSearchQuery(request.q);
    const me = activeViewer(viewer);
    const empty: SearchResults = { accounts: [], statuses: [], hashtags: [], groups: [], people: [] };
    if (!me) return empty;
    const wants = (type: SearchType) => request.type === undefined || request.type === type;
    const [statuses, people, hashtags, groups] = await Promise.all([
      wants('statuses') ? this.posts(viewer, query, request, baseUrl) : [],
      wants('accounts') ? this.people(me.id, query, request) : [],
      wants('hashtags') ? this.hashtags(me.id, request.q, request, baseUrl) : [],
      wants('groups') ? this.groups(viewer, query, request, baseUrl) : [],
    ]);
    return { accounts: people.map((user) => this.presentAccount(user, baseUrl)), statuses, hashtags, groups, people };
  }

  /** The post filter for a viewer (their full memberships let their private groups' posts match). */
  static postFilter(viewer: ViewerContext, viewerId: string, extra: Partial<PostFilter> = {}): PostFilter {
    const memberGroupIds = [...viewer.memberships].filter(([, state]) => isFullMembership(state)).map(([id]) => id);
    return { viewerId, memberGroupIds, ...extra };
  }

  private async posts(viewer: ViewerContext, query: ParsedQuery, request: SearchRequest, baseUrl: string): Promise<FoundStatus[]> {
    const me = activeViewer(viewer)!;
    const filter = SearchService.postFilter(viewer, me.id, { authorId: request.accountId, followingOnly: request.following === true });
    const found: ApiStatus[] = [];
    let offset = request.offset;
    for (let round = 0; round < MAX_ROUNDS && found.length < request.limit; round += 1) {
      const ids = await this.sql.posts(query, filter, request.limit, offset);
      found.push(...(await this.statuses.present(ids, viewer, baseUrl)).slice(0, request.limit - found.length));
      if (ids.length < request.limit) break;
      offset += ids.length;
    }
    const snippets = await this.sql.snippets(query, found.map((status) => status.id));
    return found.map((status) => ({ ...status, warble_highlight: highlightToHtml(snippets.get(status.id) ?? '') }));
  }

  private async people(viewerId: string, query: ParsedQuery, request: SearchRequest): Promise<UserModel[]> {
    let ids = await this.sql.people(query, request.following ? 200 : request.limit, request.following ? 0 : request.offset);
    if (request.following && ids.length > 0) {
      const followed = await this.reads.select<{ id: string }>(
        'SELECT followee_id AS id FROM follows WHERE follower_id = :viewerId AND followee_id IN (:ids)',
        { viewerId, ids },
      );
      const keep = new Set(followed.map((row) => String(row.id)));
      ids = ids.filter((id) => keep.has(id)).slice(request.offset, request.offset + request.limit);
    }
    if (ids.length === 0) return [];
    const users = await this.models.User.findAll({ where: { id: ids } });
    const byId = new Map(users.map((user) => [user.id, user]));
    return ids.map((id) => byId.get(id)).filter((user): user is UserModel => user !== undefined);
  }

  private async groups(viewer: ViewerContext, query: ParsedQuery, request: SearchRequest, baseUrl: string): Promise<ApiGroup[]> {
    // Words are letters and digits only (query-parser.ts), so they need no LIKE escaping.
    const words = plainWords(query).slice(0, 4);
    const related = [...viewer.memberships.keys()];
    // LIKE ignores ASCII case on SQLite but not on PostgreSQL.
    const like = this.dialect === 'postgres' ? Op.iLike : Op.like;
    const rows = await this.models.Group.findAll({
      where: {
        archivedAt: null,
        [Op.or]: [{ visibility: 'public' }, ...(related.length > 0 ? [{ id: related }] : [])],
        [Op.and]: words.map((word) => ({ [Op.or]: [{ name: { [like]: `%${word}%` } }, { description: { [like]: `%${word}%` } }] })),
      },
      order: [['name', 'ASC']],
      limit: 200,
    });
    const visible = rows
      .filter((group) => canSeeGroup(viewer, { id: group.id, visibility: group.visibility }))
      .slice(request.offset, request.offset + request.limit);
    const listings = await this.groupReads.describe(viewer, visible);
    return listings.map((listing) => toApiGroup(listing.group, { ...listing, baseUrl }));
  }

  private async hashtags(viewerId: string, q: string, request: SearchRequest, baseUrl: string): Promise<ApiTag[]> {
    const first = /[\p{L}\p{N}_]+/u.exec(q.trim().replace(/^#/, ''));
    if (!first) return [];
    const tag = normalizeHashtag(first[0]);
    const chars = [...tag];
    const last = chars.pop() ?? '';
    // The range uses the (tag, post_id) index; LIKE keeps the answer exact whatever the collation.
    const upper = chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
    const prefix = tag.replace(/_/g, '\\_');
    const rows = await this.reads.select<{ tag: string }>(
      `SELECT ph.tag AS tag, COUNT(*) AS uses FROM post_hashtags ph
       JOIN posts p ON p.id = ph.post_id LEFT JOIN groups g ON g.id = p.group_id
       WHERE ph.tag >= :lower AND ph.tag < :upper AND ph.tag LIKE :prefix ESCAPE '\\'
         AND p.deleted_at IS NULL AND p.hidden_at IS NULL
         AND (p.visibility = 'public' OR p.visibility = 'group' AND g.visibility = 'public')
       GROUP BY ph.tag ORDER BY uses DESC, ph.tag LIMIT :limit OFFSET :offset`,
      { lower: tag, upper, prefix: `${prefix}%`, limit: request.limit, offset: request.offset },
    );
    const tags = rows.map((row) => String(row.tag));
    if (tags.length === 0) return [];
    const followed = await this.reads.select<{ tag: string }>('SELECT tag FROM hashtag_follows WHERE user_id = :viewerId AND tag IN (:tags)', { viewerId, tags });
    const following = new Set(followed.map((row) => String(row.tag)));
    return tags.map((tag) => toApiTag(tag, following.has(tag), baseUrl));
  }
}

/** Reads the limit the way Mastodon does: default 20, at most 40; anything else is a 422. */
export function searchLimit(value: unknown): number {
  if (value === undefined || value === '') return 20;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw validationError('limit', 'limit must be a positive whole number');
  return Math.min(limit, 40);
}
