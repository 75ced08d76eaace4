/**
 * Live delivery to one person's own streams: a notification to its recipient,
 * and the updated conversation to each participant of a direct message. Each
 * payload is presented for that person (their viewer context), unlike posts,
 * which are serialized once per audience. Kept apart from post delivery
 * because it reads people and their conversations, not stream audiences.
 */
import type { Models } from '../db/models/index.js';
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import type { ViewerContext } from '../domain/visibility/index.js';
import { toApiConversation } from '../serializers/conversation.js';
import type { CoreServices } from '../services/core-services.js';
import { apiAccountOf } from '../services/social/account-view.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import type { MastodonRelay } from './mastodon-relay.js';
import { participantViewer } from './post-routing.js';
import { personalRoom } from './streams.js';
import type { WarbleIo } from './socket-server.js';

export interface PersonalDeliveryDeps {
  io: WarbleIo;
  core: CoreServices;
  models: Models;
  audience: AudienceRepository;
  /** Read at each delivery (it may be a getter). */
  readonly baseUrl: string;
}

export class PersonalDelivery {
  constructor(
    private readonly deps: PersonalDeliveryDeps,
    private readonly mastodon: MastodonRelay,
  ) {}

  /** The notification, as its recipient sees it; nothing when they cannot (any longer) see it. */
  async deliverNotification(notificationId: string, recipientId: string): Promise<void> {
    const viewer = await this.viewerOf(recipientId);
    if (!viewer) return;
    const [notification] = await this.deps.core.notificationFeed
      .get(viewer, notificationId, this.deps.baseUrl)
      .then((shown) => [shown])
      .catch(() => []);
    if (!notification) return;
    const room = personalRoom(recipientId, 'notifications');
    this.deps.io.to(room).emit('notification', { stream: 'notifications', notification });
    this.mastodon.deliver({ rooms: [room], event: 'notification', payload: JSON.stringify(notification) });
  }

  /** The conversations a new post ends, each to its owner. */
  async deliverConversation(postId: string): Promise<void> {
    const rows = await this.deps.audience.conversationsEndingWith(postId);
    if (rows.length === 0) return;
    const participantIds = rows[0]?.participantIds ?? [];
    const users = await this.deps.models.User.findAll({ where: { id: participantIds } });
    const accounts = new Map(users.map((user) => [user.id, apiAccountOf(user, this.deps.baseUrl)]));
    for (const row of rows) {
      const status = await this.deps.core.statuses.presentOne(postId, participantViewer(row.userId), this.deps.baseUrl);
      if (!status) continue;
      const conversation = toApiConversation({
        id: row.id,
        unread: row.unread,
        accounts: row.participantIds.filter((id) => id !== row.userId).flatMap((id) => accounts.get(id) ?? []),
        lastStatus: status,
      });
      const room = personalRoom(row.userId, 'conversations');
      this.deps.io.to(room).emit('conversation', { stream: 'conversations', conversation });
      this.mastodon.deliver({ rooms: [room], event: 'conversation', payload: JSON.stringify(conversation) });
    }
  }

  /** An active, unsuspended person's viewer context; null otherwise. */
  private async viewerOf(userId: string): Promise<ViewerContext | null> {
    const user = await this.deps.models.User.findByPk(userId);
    if (!user || user.deactivatedAt || user.suspendedAt) return null;
    return loadViewerContext(this.deps.models, user);
  }
}
