/**
 * The company's active announcements (not withdrawn, started, not ended),
 * with their groups and authors' names, read at most every few seconds per
 * node instead of on every timeline page: the list is the same for
 * everyone, and what is per person (addressed to them? acknowledged?) is
 * decided per request from it (announcement-banner-reads.ts).
 *
 * Publishing and withdrawing on this node forget the list at once (the
 * container registers `invalidate` for 'announcement.published' and
 * 'announcement.withdrawn'), so the publisher and everyone on this node see
 * the change on their next page. Another node learns by expiry: with several
 * nodes, a banner is at most ACTIVE_ANNOUNCEMENTS_TTL_MS stale there (live
 * delivery over Socket.IO still pins or removes it at once in open tabs).
 * An announcement whose end passes is dropped at read time, not at expiry.
 */
import { toBool, toDate } from '../../db/raw-values.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { TtlCache } from '../cache/ttl-cache.js';

/** How long the list is reused on a node before it is read again. */
export const ACTIVE_ANNOUNCEMENTS_TTL_MS = 5_000;
/** Newest first, at most this many active at once are considered (far above what a company keeps pinned). */
export const MAX_ACTIVE_ANNOUNCEMENTS = 500;

export interface ActiveAnnouncement {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  html: string;
  /** Addressed to everyone; otherwise to the active members of `groupIds`. */
  everyone: boolean;
  groupIds: readonly string[];
  createdAt: Date;
  startsAt: Date;
  endsAt: Date | null;
  updatedAt: Date;
}

interface AnnouncementRow extends Record<string, unknown> {
  id: string;
  author_id: string;
  author_name: string | null;
  text: string;
  html: string;
  everyone: unknown;
  created_at: unknown;
  starts_at: unknown;
  ends_at: unknown;
  updated_at: unknown;
}

/**
 * A date as Sequelize stores it on SQLite (`2026-01-02 03:04:05.678 +00:00`),
 * so text comparison there is time order; PostgreSQL reads the same text as
 * a timestamp.
 */
export function storedDateText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', ' +00:00');
}

export class ActiveAnnouncements {
  private readonly cache: TtlCache<ActiveAnnouncement[]>;
  private readonly clock: () => number;

  constructor(
    private readonly reads: ReadQueries,
    options: { ttlMs?: number; clock?: () => number } = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.cache = new TtlCache(options.ttlMs ?? ACTIVE_ANNOUNCEMENTS_TTL_MS, { maxEntries: 1, clock: this.clock });
  }

  /** The active announcements now, newest first. */
  async current(): Promise<ActiveAnnouncement[]> {
    const all = await this.cache.get('active', () => this.load());
    const now = this.clock();
    return all.filter((announcement) => announcement.startsAt.getTime() <= now && (announcement.endsAt === null || announcement.endsAt.getTime() > now));
  }

  /** Forgets the list: the next reader on this node reads it afresh. */
  invalidate(): void {
    this.cache.clear();
  }

  private async load(): Promise<ActiveAnnouncement[]> {
    const rows = await this.reads.select<AnnouncementRow>(
      `SELECT a.id, a.author_id, u.display_name AS author_name, a.text, a.html, a.everyone, a.created_at, a.starts_at, a.ends_at, a.updated_at
         FROM announcements a LEFT JOIN users u ON u.id = a.author_id
        WHERE a.withdrawn_at IS NULL AND (a.ends_at IS NULL OR a.ends_at > :now)
        ORDER BY a.id DESC LIMIT :limit`,
      { now: storedDateText(new Date(this.clock())), limit: MAX_ACTIVE_ANNOUNCEMENTS },
    );
    const addressed = rows.filter((row) => !toBool(row.everyone)).map((row) => row.id);
    const groups = new Map<string, string[]>();
    if (addressed.length > 0) {
      const links = await this.reads.select<{ announcement_id: string; group_id: string }>(
        'SELECT announcement_id, group_id FROM announcement_groups WHERE announcement_id IN (:ids)',
        { ids: addressed },
      );
      for (const link of links) groups.set(link.announcement_id, [...(groups.get(link.announcement_id) ?? []), link.group_id]);
    }
    return rows.map((row) => ({
      id: row.id,
      authorId: row.author_id,
      authorName: row.author_name ?? '',
      text: row.text,
      html: row.html,
      everyone: toBool(row.everyone),
      groupIds: groups.get(row.id) ?? [],
      createdAt: toDate(row.created_at) ?? new Date(0),
      startsAt: toDate(row.starts_at) ?? new Date(0),
      endsAt: toDate(row.ends_at),
      updatedAt: toDate(row.updated_at) ?? new Date(0),
    }));
  }
}
