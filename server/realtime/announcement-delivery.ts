/**
 * Live delivery of announcements, after commit (an EventPublisher sink of
 * its own, beside the post fan-out):
 *
 * - a new announcement goes to every socket of each audience member (their
 *   `u:<userId>` room; to every socket when it is addressed to everyone) and,
 *   as Mastodon's `announcement` event, to their `user` stream;
 * - an acknowledgement clears it from the person's other tabs, and a
 *   withdrawal from everyone's (Mastodon: `announcement.delete`);
 * - any receipt (first sight, acknowledgement) pushes fresh figures to the
 *   `announcement:<id>` stream that its stats page follows. Figures are
 *   recomputed at most once at a time per announcement: a burst of
 *   acknowledgements costs one count after the running one, not one each.
 */
import type { Logger } from '../logging/logger.js';
import { toApiAnnouncement } from '../serializers/announcement.js';
import type { Announcements } from '../services/announcements/announcement-services.js';
import type { EventSink, WarbleEventName, WarbleEvents } from '../services/events.js';
import type { MastodonHub } from './mastodon-hub.js';
import { MastodonRelay } from './mastodon-relay.js';
import type { MastodonDelivery } from './realtime-events.js';
import type { WarbleIo } from './socket-server.js';
import { personalRoom, sharedRoom, userRoom, type StreamKey } from './streams.js';

export interface AnnouncementDeliveryDeps {
  io: WarbleIo;
  announcements: Announcements;
  hub: MastodonHub;
  /** True when a Redis adapter links the nodes (Mastodon streams then need the inter-server channel). */
  crossNode: boolean;
  logger: Logger;
}

export class AnnouncementDelivery {
  private queue: Promise<void> = Promise.resolve();
  /** Announcements whose figures are being counted, and whether another count is owed after it. */
  private readonly counting = new Map<string, { again: boolean }>();

  private readonly mastodon: MastodonRelay;

  constructor(private readonly deps: AnnouncementDeliveryDeps) {
    this.mastodon = new MastodonRelay(deps);
  }

  /** The sink to register with the EventPublisher; events are handled in commit order. */
  readonly sink: EventSink = (name, payload) => {
    if (!name.startsWith('announcement.')) return;
    const run = this.queue.then(() => this.handle(name, payload));
    this.queue = run.catch((error: unknown) => this.deps.logger.error({ err: error, event: name }, 'announcement delivery failed'));
    return run;
  };

  /** Resolves when every event received so far has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async handle<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> {
    const event = { name, payload } as { [N in WarbleEventName]: { name: N; payload: WarbleEvents[N] } }[WarbleEventName];
    switch (event.name) {
      case 'announcement.published':
        return this.deliverPublished(event.payload.announcementId);
      case 'announcement.withdrawn':
        return this.deliverWithdrawn(event.payload.announcementId);
      case 'announcement.receipts':
        if (event.payload.acknowledged) {
          this.deps.io.to(userRoom(event.payload.userId)).emit('announcement.removed', { id: event.payload.announcementId, reason: 'acknowledged' });
        }
        // Counted outside the queue, so a burst of receipts never holds up new announcements.
        void this.pushFigures(event.payload.announcementId);
        return;
      default:
        return;
    }
  }

  private async deliverPublished(announcementId: string): Promise<void> {
    const { audience, pending } = this.deps.announcements;
    // One read of the row, for both the view and the audience.
    const row = await audience.find(announcementId);
    const [view] = row ? await pending.views([row], null) : [];
    if (!row || !view) return;
    const announcement = toApiAnnouncement(view);
    const userIds = await audience.userIds(row);
    if (userIds === null) this.deps.io.emit('announcement', { announcement });
    else if (userIds.length > 0) this.deps.io.to(userIds.map(userRoom)).emit('announcement', { announcement });
    await this.deliverMastodon(userIds, 'announcement', JSON.stringify(announcement));
  }

  private async deliverWithdrawn(announcementId: string): Promise<void> {
    const userIds = await this.audienceOf(announcementId);
    const event = { id: announcementId, reason: 'withdrawn' as const };
    if (userIds === null) this.deps.io.emit('announcement.removed', event);
    else if (userIds.length > 0) this.deps.io.to(userIds.map(userRoom)).emit('announcement.removed', event);
    await this.deliverMastodon(userIds, 'announcement.delete', announcementId);
  }

  /** The audience's ids, or null for everyone. */
  private async audienceOf(announcementId: string): Promise<string[] | null> {
    const row = await this.deps.announcements.audience.find(announcementId);
    return row ? this.deps.announcements.audience.userIds(row) : [];
  }

  /** Mastodon clients get it on their `user` stream, which every person's home room feeds. */
  private async deliverMastodon(userIds: string[] | null, event: MastodonDelivery['event'], payload: string): Promise<void> {
    if (!this.mastodon.reachesAnyone) return;
    const ids = userIds ?? (await this.deps.announcements.audience.everyoneIds());
    if (ids.length === 0) return;
    this.mastodon.deliver({ rooms: ids.map((id) => personalRoom(id, 'home')), event, payload });
  }

  private async pushFigures(announcementId: string): Promise<void> {
    const running = this.counting.get(announcementId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.counting.set(announcementId, state);
    try {
      while (state.again) {
        state.again = false;
        const row = await this.deps.announcements.audience.find(announcementId);
        if (!row) return;
        const counts = await this.deps.announcements.stats.counts(row);
        const stream: StreamKey = `announcement:${announcementId}`;
        this.deps.io.to(sharedRoom(stream)).emit('announcement.stats', { stream, id: announcementId, ...counts });
      }
    } catch (error) {
      this.deps.logger.error({ err: error, announcementId }, 'announcement figures not pushed');
    } finally {
      this.counting.delete(announcementId);
    }
  }
}
