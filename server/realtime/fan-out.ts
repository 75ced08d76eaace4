/**
 * Live delivery after commit: turns Warble's domain events into Socket.IO
 * and Mastodon-streaming events for exactly the people who may see them.
 *
 * Named steps, one per kind of event. A post is routed once per event (who
 * follows the author, who follows its tags, who is in its group) and
 * serialized once per stream it belongs to, not once per socket:
 *
 * - a company-visible post is presented for a generic viewer (per-viewer
 *   flags such as `favourited` are false, as in Mastodon's streaming) and
 *   emitted to each stream's shared room plus the home rooms of the people
 *   whose home shows it;
 * - a private-group post goes only to the personal rooms of the group's
 *   current members (so a former member's stale subscription gets nothing);
 * - a direct message is presented per participant and goes to their rooms.
 *
 * Events are handled one at a time per node, so clients see them in commit
 * order.
 */
import type { Models } from '../db/models/index.js';
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import type { PostRow } from '../db/repositories/post-read-repository.js';
import {
  streamAudience,
  viewerContext,
  type Post as VisibilityPost,
  type ViewerContext,
} from '../domain/visibility/index.js';
import type { Logger } from '../logging/logger.js';
import { toApiConversation } from '../serializers/conversation.js';
import type { ApiStatus } from '../serializers/status.js';
import type { CoreServices } from '../services/core-services.js';
import type { EventSink, WarbleEventName, WarbleEvents } from '../services/events.js';
import { apiAccountOf } from '../services/social/account-view.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import type { MastodonHub } from './mastodon-hub.js';
import type { MastodonDelivery } from './realtime-events.js';
import { personalRoom, sessionRoom, sharedRoom, tokenRoom, userRoom, type StreamKey } from './streams.js';
import type { WarbleIo } from './socket-server.js';
import type { Metrics } from '../observability/metrics.js';

/** Where one post belongs and who may receive it. */
interface PostRoute {
  row: PostRow;
  post: VisibilityPost;
  /** Streams other than home (company, group, hashtag, profile, thread). */
  streams: StreamKey[];
  /** People whose home timeline shows it. */
  homeUserIds: string[];
  /** null: every active colleague may see it; otherwise exactly these people. */
  allowedUserIds: string[] | null;
}

/** The viewer a shared payload is presented for: active, no flags, no memberships. */
const GENERIC_VIEWER = { kind: 'user', id: '', isAdmin: false, isActive: true } as const;

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

  constructor(private readonly deps: FanOutDeps) {}

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

  private async handle<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> {
    this.deps.metrics?.eventsDelivered.inc({ event: name });
    const event = { name, payload } as { [N in WarbleEventName]: { name: N; payload: WarbleEvents[N] } }[WarbleEventName];
    switch (event.name) {
      case 'post.created':
        await this.deliverPost(event.payload.postId, 'post.created');
        await this.deliverConversation(event.payload.postId);
        return;
      case 'post.edited':
        return this.deliverPost(event.payload.postId, 'post.edited');
      case 'post.deleted':
        return this.deliverDeletion(event.payload.postId, event.payload.audienceUserIds);
      case 'post.countsChanged':
        return this.deliverCounts(event.payload);
      case 'notification.created':
        return this.deliverNotification(event.payload.notificationId, event.payload.recipientId);
      case 'group.memberRemoved':
        return this.endGroupSubscriptions(event.payload.groupId, event.payload.userId);
      case 'user.deactivated':
      case 'access.revoked':
        return this.disconnectUser(event.payload.userId);
      case 'session.ended':
        this.deps.io.in(sessionRoom(event.payload.sessionKey)).disconnectSockets(true);
        return;
      case 'token.revoked':
        return this.disconnectTokens(event.payload.tokenIds);
      default:
        return;
    }
  }

  // ---- routing -------------------------------------------------------------

  private async route(postId: string, options: { includeDeleted?: boolean } = {}): Promise<PostRoute | null> {
    const { postReads } = this.deps.core;
    const rows = await postReads.postsByIds([postId]);
    const row = rows.get(postId);
    if (!row || (!options.includeDeleted && (row.deletedAt || row.hiddenAt))) return null;
    if (row.repostOfId) for (const [id, original] of await postReads.postsByIds([row.repostOfId])) rows.set(id, original);
    const ids = [...rows.keys()];
    const groupIds = [...rows.values()].map((r) => r.groupId).filter((id): id is string => id !== null);
    const [groups, { mentions, hashtags }] = await Promise.all([postReads.groupsByIds(groupIds), postReads.mentionsAndHashtags(ids)]);
    const toPost = (r: PostRow, withOriginal: boolean): VisibilityPost => {
      const original = r.repostOfId ? rows.get(r.repostOfId) : undefined;
      return {
        id: r.id,
        visibility: r.visibility,
        authorId: r.authorId,
        groupId: r.groupId,
        groupVisibility: r.groupId ? (groups.get(r.groupId)?.visibility ?? null) : null,
        mentionedUserIds: mentions.get(r.id) ?? [],
        hashtags: hashtags.get(r.id) ?? [],
        deletedAt: options.includeDeleted ? null : r.deletedAt,
        hiddenAt: r.hiddenAt,
        inReplyToId: r.inReplyToId,
        repostOfId: r.repostOfId,
        repostOf: withOriginal && original ? toPost(original, false) : null,
      };
    };
    const post = toPost(row, true);
    const audiences = streamAudience(post);
    if (audiences.length === 0) return null;

    const streams: StreamKey[] = [`profile:${row.authorId}`];
    const home = new Set<string>([row.authorId]);
    const lookups: Array<Promise<string[]>> = [];
    for (const audience of audiences) {
      switch (audience.kind) {
        case 'company':
          streams.push('company');
          break;
        case 'hashtag':
          streams.push(`hashtag:${audience.tag}`);
          lookups.push(this.deps.audience.hashtagFollowers([audience.tag]));
          break;
        case 'group':
          streams.push(`group:${audience.groupId}`);
          lookups.push(this.deps.audience.activeMembers(audience.groupId));
          break;
        case 'followers':
          lookups.push(this.deps.audience.followersOf(audience.userId));
          break;
        case 'users':
          for (const id of audience.userIds) home.add(id);
          break;
      }
    }
    if (row.inReplyToId) {
      const root = await this.deps.audience.threadRootOf(row.id);
      if (root) streams.push(`thread:${root}`);
    } else if (!row.repostOfId) {
      streams.push(`thread:${row.id}`);
    }
    for (const ids of await Promise.all(lookups)) for (const id of ids) home.add(id);

    let allowedUserIds: string[] | null = null;
    if (post.visibility === 'direct') allowedUserIds = [...new Set([row.authorId, ...post.mentionedUserIds])];
    else if (post.visibility === 'group' && post.groupVisibility !== 'public') {
      allowedUserIds = await this.deps.audience.activeMembers(row.groupId ?? '');
    }
    const allowed = allowedUserIds ? new Set(allowedUserIds) : null;
    const homeUserIds = [...home].filter((id) => !allowed || allowed.has(id));
    return { row, post, streams, homeUserIds, allowedUserIds };
  }

  /** Who may see the post is decided by the presenter (the visibility rules), for the viewer a payload is built for. */
  private async present(postId: string, viewer: ViewerContext): Promise<ApiStatus | null> {
    return this.deps.core.statuses.presentOne(postId, viewer, this.deps.baseUrl);
  }

  /** Rooms of stream `key` for a route: the shared room, or the personal rooms of the allowed people. */
  private roomsFor(route: PostRoute, key: StreamKey, onlyUserId?: string): string[] {
    if (key === 'home') {
      const users = onlyUserId ? route.homeUserIds.filter((id) => id === onlyUserId) : route.homeUserIds;
      return users.map((id) => personalRoom(id, 'home'));
    }
    if (route.allowedUserIds === null) return [sharedRoom(key)];
    const users = onlyUserId ? [onlyUserId] : route.allowedUserIds;
    return users.map((id) => personalRoom(id, key));
  }

  /** Each audience the post goes to, with the viewer its payload is presented for. */
  private audiences(route: PostRoute): Array<{ viewer: ViewerContext; onlyUserId?: string }> {
    if (route.post.visibility === 'direct') {
      return (route.allowedUserIds ?? []).map((id) => ({
        viewer: viewerContext({ kind: 'user', id, isAdmin: false, isActive: true }),
        onlyUserId: id,
      }));
    }
    if (route.allowedUserIds !== null && route.row.groupId) {
      return [{ viewer: viewerContext(GENERIC_VIEWER, [[route.row.groupId, 'member']]) }];
    }
    return [{ viewer: viewerContext(GENERIC_VIEWER) }];
  }

  // ---- posts ---------------------------------------------------------------

  private async deliverPost(postId: string, event: 'post.created' | 'post.edited'): Promise<void> {
    const route = await this.route(postId);
    if (!route) return;
    const mastodonEvent = event === 'post.created' ? 'update' : 'status.update';
    for (const { viewer, onlyUserId } of this.audiences(route)) {
      const status = await this.present(postId, viewer);
      if (!status) continue;
      const encoded = JSON.stringify(status);
      for (const key of ['home', ...route.streams] as StreamKey[]) {
        const rooms = this.roomsFor(route, key, onlyUserId);
        if (rooms.length === 0) continue;
        this.deps.io.to(rooms).emit(event, { stream: key, status });
        this.deliverMastodon({ rooms, event: mastodonEvent, payload: encoded });
      }
    }
  }

  private async deliverCounts(counts: WarbleEvents['post.countsChanged']): Promise<void> {
    const route = await this.route(counts.postId);
    if (!route) return;
    const payload = {
      id: counts.postId,
      replies_count: counts.repliesCount,
      reblogs_count: counts.repostsCount,
      favourites_count: counts.likesCount,
    };
    const rooms = new Set<string>();
    for (const key of ['home', ...route.streams] as StreamKey[]) for (const room of this.roomsFor(route, key)) rooms.add(room);
    if (rooms.size > 0) this.deps.io.to([...rooms]).emit('post.counts', payload);
  }

  /**
   * A deleted company-wide post is announced to everyone (its id tells
   * nothing; Mastodon does the same); a restricted one only to the people
   * who could see it.
   */
  private deliverDeletion(postId: string, audienceUserIds: string[] | undefined): void {
    if (audienceUserIds) {
      const rooms = audienceUserIds.map(userRoom);
      if (rooms.length > 0) this.deps.io.to(rooms).emit('post.deleted', { id: postId });
      this.deliverMastodon({ rooms, event: 'delete', payload: postId });
      return;
    }
    this.deps.io.emit('post.deleted', { id: postId });
    this.deliverMastodon({ rooms: ['*'], event: 'delete', payload: postId });
  }

  // ---- notifications and conversations --------------------------------------

  private async viewerOf(userId: string): Promise<ViewerContext | null> {
    const user = await this.deps.models.User.findByPk(userId);
    if (!user || user.deactivatedAt || user.suspendedAt) return null;
    return loadViewerContext(this.deps.models, user);
  }

  private async deliverNotification(notificationId: string, recipientId: string): Promise<void> {
    const viewer = await this.viewerOf(recipientId);
    if (!viewer) return;
    const [notification] = await this.deps.core.notificationFeed
      .get(viewer, notificationId, this.deps.baseUrl)
      .then((shown) => [shown])
      .catch(() => []);
    if (!notification) return;
    const room = personalRoom(recipientId, 'notifications');
    this.deps.io.to(room).emit('notification', { stream: 'notifications', notification });
    this.deliverMastodon({ rooms: [room], event: 'notification', payload: JSON.stringify(notification) });
  }

  private async deliverConversation(postId: string): Promise<void> {
    const rows = await this.deps.audience.conversationsEndingWith(postId);
    if (rows.length === 0) return;
    const participantIds = rows[0]?.participantIds ?? [];
    const users = await this.deps.models.User.findAll({ where: { id: participantIds } });
    const accounts = new Map(users.map((user) => [user.id, apiAccountOf(user, this.deps.baseUrl)]));
    for (const row of rows) {
      const status = await this.present(postId, viewerContext({ kind: 'user', id: row.userId, isAdmin: false, isActive: true }));
      if (!status) continue;
      const conversation = toApiConversation({
        id: row.id,
        unread: row.unread,
        accounts: row.participantIds.filter((id) => id !== row.userId).flatMap((id) => accounts.get(id) ?? []),
        lastStatus: status,
      });
      const room = personalRoom(row.userId, 'conversations');
      this.deps.io.to(room).emit('conversation', { stream: 'conversations', conversation });
      this.deliverMastodon({ rooms: [room], event: 'conversation', payload: JSON.stringify(conversation) });
    }
  }

  // ---- access --------------------------------------------------------------

  /** Leaving (or removal from) a private group ends its live stream at once, on every node. */
  private async endGroupSubscriptions(groupId: string, userId: string): Promise<void> {
    const group = await this.deps.models.Group.findByPk(groupId, { attributes: ['id', 'visibility'] });
    if (group && group.visibility === 'public') return;
    const key: StreamKey = `group:${groupId}`;
    this.deps.io.to(personalRoom(userId, key)).emit('stream.ended', { stream: key, reason: 'membership' });
    this.deps.io.in(userRoom(userId)).socketsLeave([personalRoom(userId, key), sharedRoom(key)]);
    this.leaveMastodonGroup(userId, groupId);
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.leaveGroup', { userId, groupId });
  }

  leaveMastodonGroup(userId: string, groupId: string): void {
    for (const connection of this.deps.hub.connections((c) => c.userId === userId)) {
      this.deps.hub.remove(connection, ['list', groupId]);
    }
  }

  private disconnectUser(userId: string): void {
    this.deps.io.in(userRoom(userId)).disconnectSockets(true);
    this.revokeMastodon({ userId });
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.revoke', { userId });
  }

  private disconnectTokens(tokenIds: readonly string[]): void {
    for (const tokenId of tokenIds) {
      this.deps.io.in(tokenRoom(tokenId)).disconnectSockets(true);
      this.revokeMastodon({ tokenId });
      if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.revoke', { tokenId });
    }
  }

  revokeMastodon(target: { userId?: string; tokenId?: string }): void {
    const matches = (c: { userId?: string; tokenId?: string }) =>
      (target.userId !== undefined && c.userId === target.userId) || (target.tokenId !== undefined && c.tokenId === target.tokenId);
    for (const connection of this.deps.hub.connections(matches)) {
      connection.close();
    }
  }

  private deliverMastodon(delivery: MastodonDelivery): void {
    this.deps.hub.deliver(delivery);
    if (this.deps.crossNode) this.deps.io.serverSideEmit('mastodon.deliver', delivery);
  }
}
