/**
 * What happened, told after the database transaction commits: the typed
 * channel through which live delivery (Socket.IO), plugin actions and
 * webhooks learn about writes. Services call these only after commit, so
 * nobody is ever told about a write that was rolled back.
 *
 * One sink per concern is registered in the container; a failing sink is
 * logged and never fails the request that caused the event.
 */
import { PendingWork } from '../jobs/pending-work.js';

export interface PostEventPayload {
  postId: string;
  authorId: string;
}

export interface WarbleEvents {
  'post.created': PostEventPayload & { inReplyToId: string | null; repostOfId: string | null };
  'post.edited': PostEventPayload;
  'post.deleted': PostEventPayload & {
    /** Everyone who could see it, computed before deletion, so live views can remove it. */
    audienceUserIds?: string[];
  };
  'post.countsChanged': { postId: string; repliesCount: number; repostsCount: number; likesCount: number };
  'notification.created': { notificationId: string; recipientId: string };
  'follow.created': { followerId: string; followeeId: string };
  'follow.removed': { followerId: string; followeeId: string };
  'group.memberAdded': { groupId: string; userId: string };
  'group.memberRemoved': { groupId: string; userId: string };
  'user.deactivated': { userId: string };
  'user.created': { userId: string };
  'user.signedIn': { userId: string };
  /** Every session and token of a person ended (deactivation, sign-out everywhere): live connections close. */
  'access.revoked': { userId: string };
  /** API tokens were revoked: live connections opened with them close. */
  'token.revoked': { tokenIds: string[] };
  /** One browser session ended (sign-out): its live connections close. */
  'session.ended': { userId: string | null; sessionKey: string };
  /** An announcement went out: its audience sees it pinned, live (server/realtime/announcement-delivery.ts). */
  'announcement.published': { announcementId: string };
  /** Withdrawn by its sender or an administrator: it disappears wherever shown. */
  'announcement.withdrawn': { announcementId: string };
  /** Receipts changed (first sight or acknowledgement): the stats page climbs; an acknowledgement also clears the person's other tabs. */
  'announcement.receipts': { announcementId: string; userId: string; acknowledged: boolean };
}

export type WarbleEventName = keyof WarbleEvents;

export type EventSink = <K extends WarbleEventName>(name: K, payload: WarbleEvents[K]) => void | Promise<void>;

/** Fans an event out to every registered sink, isolating failures. */
export class EventPublisher {
  private readonly sinks: EventSink[] = [];
  /** Sink runs not yet settled: shutdown waits for them before the database closes. */
  private readonly running = new PendingWork();

  constructor(private readonly onSinkError: (error: unknown, name: WarbleEventName) => void) {}

  register(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Call after commit. Never throws. */
  publish<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): void {
    for (const sink of this.sinks) {
      try {
        this.running.track(Promise.resolve(sink(name, payload)).catch((error: unknown) => this.onSinkError(error, name)));
      } catch (error) {
        this.onSinkError(error, name);
      }
    }
  }

  /**
   * Waits (up to `timeoutMs`) for the sinks still working on events already
   * published, including events they publish in turn; at shutdown, so no
   * sink reads a closed database.
   */
  async drain(timeoutMs: number): Promise<void> {
    await this.running.settled(timeoutMs);
  }
}
