/**
 * What happened, told after the database transaction commits: the typed
 * channel through which live delivery (Socket.IO), plugin actions, webhooks
 * and saved-search alerts learn about writes. Nobody is ever told about a
 * write that was rolled back.
 *
 * Writes `record` their events in their own transaction (the outbox,
 * server/services/outbox/): they reach the sinks after commit, and still do
 * if the process dies between commit and delivery. `publish` tells the sinks
 * at once and keeps nothing: for what is not a database write (a session
 * ended, tokens revoked in memory) or has no transaction at hand.
 *
 * One sink per concern is registered in the container; a failing sink is
 * logged and never fails the request that caused the event. Delivery of
 * recorded events is at least once: sinks tolerate a repeat.
 */
import type { Transaction } from 'sequelize';
import type { OutboxRepository } from '../db/repositories/outbox-repository.js';
import { PendingWork } from '../jobs/pending-work.js';
import { TransactionalOutbox } from './outbox/transactional-outbox.js';

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
  /** A moderator made a hidden post visible again (hiding publishes `post.deleted`: live views drop it). */
  'post.unhidden': PostEventPayload;
  /** Retention removed these posts for good (rows deleted, no per-post event). */
  'posts.purged': { postIds: string[]; authorIds: string[] };
  /** An attachment's description changed; `postId` when it is already shown with a post. */
  'attachment.changed': { attachmentId: string; postId: string | null };
  'notification.created': { notificationId: string; recipientId: string };
  'follow.created': { followerId: string; followeeId: string };
  'follow.removed': { followerId: string; followeeId: string };
  'group.memberAdded': { groupId: string; userId: string };
  'group.memberRemoved': { groupId: string; userId: string };
  'user.deactivated': { userId: string };
  /**
   * Something shown with a person's posts changed: name, photo, profile,
   * suspension or reinstatement, reactivation, official or bot marks.
   */
  'user.updated': { userId: string; change: 'profile' | 'suspended' | 'reinstated' | 'reactivated' | 'role' };
  /** A group's name or visibility changed (the directory renamed it). */
  'group.updated': { groupId: string };
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

/** One event with its payload, as stored in the outbox. */
export type AnyWarbleEvent = { [K in WarbleEventName]: { name: K; payload: WarbleEvents[K] } }[WarbleEventName];

export interface EventPublisherOptions {
  onSinkError: (error: unknown, name: WarbleEventName) => void;
  /** The outbox table of this database. */
  outbox: OutboxRepository;
  /** This process, for outbox claims (see TransactionalOutbox). */
  holder: string;
  /** Outbox failures (a row not deleted, one dropped after too many attempts). */
  onOutboxError: (error: unknown, message: string, detail?: Record<string, unknown>) => void;
  claimMs?: number;
  crashAfterCommit?: string;
}

/** Fans an event out to every registered sink, isolating failures. */
export class EventPublisher {
  private readonly sinks: EventSink[] = [];
  /** Sink runs not yet settled: shutdown waits for them before the database closes. */
  private readonly running = new PendingWork();
  private readonly outbox: TransactionalOutbox;
  private readonly onSinkError: EventPublisherOptions['onSinkError'];

  constructor(options: EventPublisherOptions) {
    this.onSinkError = options.onSinkError;
    this.outbox = new TransactionalOutbox({
      store: options.outbox,
      deliver: (event) => this.deliver(event.name, event.payload),
      track: (work) => this.running.track(work),
      holder: options.holder,
      claimMs: options.claimMs,
      onError: options.onOutboxError,
      crashAfterCommit: options.crashAfterCommit,
    });
  }

  register(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /**
   * Records the event in `transaction` (the write it is about): the sinks
   * hear it after commit, or after a restart if this process dies first.
   */
  record<K extends WarbleEventName>(transaction: Transaction, name: K, payload: WarbleEvents[K]): Promise<void> {
    return this.outbox.record(transaction, [{ name, payload } as AnyWarbleEvent]);
  }

  /** `record` for several events, in order, in one statement (a post: itself, its parent's counts, its notifications). */
  recordAll(transaction: Transaction, events: readonly AnyWarbleEvent[]): Promise<void> {
    return this.outbox.record(transaction, [...events]);
  }

  /** `record` for several events of one kind, in one statement (e.g. every notification a post wrote). */
  recordEach<K extends WarbleEventName>(transaction: Transaction, name: K, payloads: readonly WarbleEvents[K][]): Promise<void> {
    return this.outbox.record(transaction, payloads.map((payload) => ({ name, payload }) as AnyWarbleEvent));
  }

  /** Tells the sinks now and keeps nothing: for events that are not about a database write. Never throws. */
  publish<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): void {
    this.running.track(this.deliver(name, payload));
  }

  /** Renews this node's outbox claims and delivers recorded events whose node died (the `outbox` job). */
  sweep(): Promise<number> {
    return this.outbox.sweep();
  }

  /**
   * Waits (up to `timeoutMs`) for the sinks still working on events already
   * published, including events they publish in turn; at shutdown, so no
   * sink reads a closed database.
   */
  async drain(timeoutMs: number): Promise<void> {
    await this.running.settled(timeoutMs);
    // Delivered outbox rows go now, not with the next sweep: the node is stopping (or a test checks).
    await this.outbox.flush();
  }

  /** Calls every sink synchronously, in registration order; resolves once all settled. Never rejects. */
  private deliver<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const sink of this.sinks) {
      try {
        runs.push(Promise.resolve(sink(name, payload)).catch((error: unknown) => this.onSinkError(error, name)));
      } catch (error) {
        this.onSinkError(error, name);
      }
    }
    return Promise.all(runs).then(() => undefined);
  }
}
