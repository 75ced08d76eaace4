/**
 * Who may follow `announcement:<id>` live (its stats page): whoever may read
 * its figures over REST (announcement-access.ts: the sender, and
 * administrators and communicators who may see the members of every private
 * group it went to).
 * The figures go to one shared room; nothing is replayed (the page re-reads
 * them over REST after a reconnect).
 */
import type { Models } from '../db/models/index.js';
import { isId } from '../domain/ids.js';
import { AnnouncementAccess } from '../services/announcements/announcement-access.js';
import type { Grant } from './subscriptions.js';
import { sharedRoom, type StreamKey } from './streams.js';

export class AnnouncementStreamRefused extends Error {}

export async function announcementStatsGrant(models: Models, userId: string, announcementId: string): Promise<Grant> {
  const [user, announcement] = await Promise.all([
    models.User.findByPk(userId),
    isId(announcementId) ? models.Announcement.findByPk(announcementId, { attributes: ['id', 'authorId', 'everyone'] }) : Promise.resolve(null),
  ]);
  if (!user || !announcement || (await new AnnouncementAccess({ models }).figures(user, announcement)) !== 'allowed') {
    throw new AnnouncementStreamRefused('You may not follow this stream');
  }
  const key: StreamKey = `announcement:${announcement.id}`;
  return { key, rooms: [sharedRoom(key)], replay: async () => ({ kind: 'reload' }) };
}
