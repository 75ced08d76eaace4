/**
 * Mastodon's Announcement entity, from what the announcements service shows
 * a person. Warble has no reactions, and its announcements carry their
 * mentions and tags as links in `content` only.
 */
import type { AnnouncementView } from '../services/announcements/announcement-pending.js';
import type { AnnouncementStats } from '../services/announcements/announcement-stats.js';

export interface ApiAnnouncement {
  id: string;
  content: string;
  starts_at: string | null;
  ends_at: string | null;
  all_day: boolean;
  published_at: string;
  updated_at: string;
  read: boolean;
  mentions: never[];
  statuses: never[];
  tags: never[];
  emojis: never[];
  reactions: never[];
}

export function toApiAnnouncement(view: AnnouncementView): ApiAnnouncement {
  return {
    id: view.id,
    content: view.html,
    starts_at: view.startsAt.toISOString(),
    ends_at: view.endsAt?.toISOString() ?? null,
    all_day: false,
    published_at: view.publishedAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
    read: view.read,
    mentions: [],
    statuses: [],
    tags: [],
    emojis: [],
    reactions: [],
  };
}

/** Warble's stats answer (`GET /api/v1/announcements/:id/stats`). */
export interface ApiAnnouncementStats {
  id: string;
  author_id: string;
  group_ids: string[];
  published_at: string;
  ends_at: string | null;
  withdrawn_at: string | null;
  delivered: number;
  seen: number;
  acknowledged: number;
  not_acknowledged_count: number;
  not_acknowledged: Array<{ id: string; username: string; display_name: string; department: string | null; email: string | null; seen_at: string | null }>;
}

export function toApiAnnouncementStats(stats: AnnouncementStats): ApiAnnouncementStats {
  const { announcement } = stats;
  return {
    id: announcement.id,
    author_id: announcement.authorId,
    group_ids: stats.groupIds,
    published_at: announcement.createdAt.toISOString(),
    ends_at: announcement.endsAt?.toISOString() ?? null,
    withdrawn_at: announcement.withdrawnAt?.toISOString() ?? null,
    delivered: stats.counts.delivered,
    seen: stats.counts.seen,
    acknowledged: stats.counts.acknowledged,
    not_acknowledged_count: stats.notAcknowledgedTotal,
    not_acknowledged: stats.notAcknowledged.map((person) => ({
      id: person.id,
      username: person.username,
      display_name: person.displayName,
      department: person.department,
      email: person.email,
      seen_at: person.seenAt?.toISOString() ?? null,
    })),
  };
}
