/**
 * Live delivery after commit: turns Warble's domain events into Socket.IO
 * and Mastodon-streaming events for exactly the people who may see them.
 *
 * LiveFanOut is the event sink: it queues events and hands each kind to the
 * module that does that job (posts: post-delivery.ts, routed by
 * post-routing.ts; notifications and conversations: personal-delivery.ts;
 * lost access: live-access.ts; Mastodon streams on every node:
 * mastodon-relay.ts).
 *
 * Events are handled one at a time per node, so clients see them in commit
 * order.
 */
import type { Models } from '../db/models/index.js';
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { CoreServices } from '../services/core-services.js';
import type { EventSink, WarbleEventName, WarbleEvents } from '../services/events.js';
import { LiveAccess } from './live-access.js';
import type { MastodonHub } from './mastodon-hub.js';
import { MastodonRelay, type MastodonRevocation } from './mastodon-relay.js';
import { PersonalDelivery } from './personal-delivery.js';
import { PostDelivery } from './post-delivery.js';
import type { WarbleIo } from './socket-server.js';

export interface FanOutDeps {
  io: WarbleIo;
  core: CoreServices;
  models: Models;
  audience: AudienceRepository;
  hub: MastodonHub;
  baseUrl: string;
  /** True when a Redis adapter links the nodes (Mastodon streams then need the inter-server channel). */
  crossNode: boolean;
  logger: Logger;
  /** Counts the events this node delivered (GET /metrics). */
  metrics?: Metrics;
}

export class LiveFanOut {
  private queue: Promise<void> = Promise.resolve();
  private readonly mastodon: MastodonRelay;
  private readonly posts: PostDelivery;
  private readonly personal: PersonalDelivery;
  private readonly access: LiveAccess;

  // The deps object is shared, not copied: `baseUrl` may be a getter read at each delivery.
  constructor(private readonly deps: FanOutDeps) {
    this.mastodon = new MastodonRelay(deps);
    this.posts = new PostDelivery(deps, this.mastodon);
    this.personal = new PersonalDelivery(deps, this.mastodon);
    this.access = new LiveAccess(deps, this.mastodon);
  }

  /** The sink to register with the EventPublisher. */
  readonly sink: EventSink = (name, payload) => {
    const run = this.queue.then(() => this.handle(name, payload));
    this.queue = run.catch((error: unknown) => this.deps.logger.error({ err: error, event: name }, 'live delivery failed'));
    return run;
  };

  /** Resolves when every event received so far has been delivered (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Another node's `mastodon.leaveGroup`: applies it to this node's Mastodon streams. */
  leaveMastodonGroup(userId: string, groupId: string): void {
    this.mastodon.leaveGroup(userId, groupId);
  }

  /** Another node's `mastodon.revoke`: closes the matching Mastodon streams of this node. */
  revokeMastodon(target: MastodonRevocation): void {
    this.mastodon.revoke(target);
  }

  private async handle<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> {
    this.deps.metrics?.eventsDelivered.inc({ event: name });
    const event = { name, payload } as { [N in WarbleEventName]: { name: N; payload: WarbleEvents[N] } }[WarbleEventName];
    switch (event.name) {
      case 'post.created':
        await this.posts.deliverPost(event.payload.postId, 'post.created');
        await this.personal.deliverConversation(event.payload.postId);
        return;
      case 'post.edited':
        return this.posts.deliverPost(event.payload.postId, 'post.edited');
      case 'post.deleted':
        return this.posts.deliverDeletion(event.payload.postId, event.payload.audienceUserIds);
      case 'post.countsChanged':
        return this.posts.deliverCounts(event.payload);
      case 'notification.created':
        return this.personal.deliverNotification(event.payload.notificationId, event.payload.recipientId);
      case 'group.memberRemoved':
        return this.access.endGroupSubscriptions(event.payload.groupId, event.payload.userId);
      case 'user.deactivated':
      case 'access.revoked':
        return this.access.disconnectUser(event.payload.userId);
      case 'session.ended':
        return this.access.disconnectSession(event.payload.sessionKey);
      case 'token.revoked':
        return this.access.disconnectTokens(event.payload.tokenIds);
      default:
        return;
    }
  }
}
