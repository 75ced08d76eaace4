/**
 * Live delivery of posts: a new or edited post, changed counts, a deletion.
 * A post is routed once per event (post-routing.ts) and serialized once per
 * audience, not once per socket:
 *
 * - a company-visible post is presented for a generic viewer (per-viewer
 *   flags such as `favourited` are false, as in Mastodon's streaming) and
 *   emitted to each stream's shared room plus the home rooms of the people
 *   whose home shows it;
 * - a private-group post goes only to the personal rooms of the group's
 *   current members (so a former member's stale subscription gets nothing);
 * - a direct message is presented per participant and goes to their rooms.
 */
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import type { CoreServices } from '../services/core-services.js';
import type { WarbleEvents } from '../services/events.js';
import type { MastodonRelay } from './mastodon-relay.js';
import { presentationAudiences, roomsFor, routePost, streamsOf } from './post-routing.js';
import { userRoom } from './streams.js';
import type { WarbleIo } from './socket-server.js';

export interface PostDeliveryDeps {
  io: WarbleIo;
  core: CoreServices;
  audience: AudienceRepository;
  /** Read at each delivery (it may be a getter). */
  readonly baseUrl: string;
}

export class PostDelivery {
  constructor(
    private readonly deps: PostDeliveryDeps,
    private readonly mastodon: MastodonRelay,
  ) {}

  /** A new or edited post, to every stream it belongs to. */
  async deliverPost(postId: string, event: 'post.created' | 'post.edited'): Promise<void> {
    const route = await routePost(this.deps, postId);
    if (!route) return;
    const mastodonEvent = event === 'post.created' ? 'update' : 'status.update';
    for (const { viewer, onlyUserId } of presentationAudiences(route)) {
      // Who may see the post is decided by the presenter (the visibility rules), for the viewer the payload is built for.
      const status = await this.deps.core.statuses.presentOne(postId, viewer, this.deps.baseUrl);
      if (!status) continue;
      const encoded = JSON.stringify(status);
      for (const key of streamsOf(route)) {
        const rooms = roomsFor(route, key, onlyUserId);
        if (rooms.length === 0) continue;
        this.deps.io.to(rooms).emit(event, { stream: key, status });
        this.mastodon.deliver({ rooms, event: mastodonEvent, payload: encoded });
      }
    }
  }

  /** New reply / repost / like counts, to every room that shows the post (Socket.IO only). */
  async deliverCounts(counts: WarbleEvents['post.countsChanged']): Promise<void> {
    const route = await routePost(this.deps, counts.postId);
    if (!route) return;
    const payload = {
      id: counts.postId,
      replies_count: counts.repliesCount,
      reblogs_count: counts.repostsCount,
      favourites_count: counts.likesCount,
    };
    const rooms = new Set<string>();
    for (const key of streamsOf(route)) for (const room of roomsFor(route, key)) rooms.add(room);
    if (rooms.size > 0) this.deps.io.to([...rooms]).emit('post.counts', payload);
  }

  /**
   * A deleted company-wide post is announced to everyone (its id tells
   * nothing; Mastodon does the same); a restricted one only to the people
   * who could see it.
   */
  deliverDeletion(postId: string, audienceUserIds: string[] | undefined): void {
    if (audienceUserIds) {
      const rooms = audienceUserIds.map(userRoom);
      if (rooms.length > 0) this.deps.io.to(rooms).emit('post.deleted', { id: postId });
      this.mastodon.deliver({ rooms, event: 'delete', payload: postId });
      return;
    }
    this.deps.io.emit('post.deleted', { id: postId });
    this.mastodon.deliver({ rooms: ['*'], event: 'delete', payload: postId });
  }
}
