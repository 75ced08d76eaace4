/**
 * Decides whether a person may follow a stream live, with the same rules as
 * the REST API (server/domain/visibility), and which rooms that means. Also
 * the catch-up after a reconnect: what the stream gained after the newest id
 * the client has, read from the same timelines as REST, bounded.
 */
import type { Models } from '../db/models/index.js';
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import { canReadGroupPosts, type ViewerContext } from '../domain/visibility/index.js';
import type { ApiNotification } from '../serializers/notification.js';
import type { ApiStatus } from '../serializers/status.js';
import type { CoreServices } from '../services/core-services.js';
import { toDomainGroup } from '../services/groups/group-access.js';
import { AnnouncementStreamRefused, announcementStatsGrant } from './announcement-stream.js';
import type { RealtimeErrorCode } from './realtime-events.js';
import { personalRoom, sharedRoom, streamKey, type ParsedStream, type StreamKey } from './streams.js';

/** At most this many missed entries are replayed; past it the client is told to reload. */
export const REPLAY_LIMIT = 40;

export type Replay =
  | { kind: 'statuses'; statuses: ApiStatus[] }
  | { kind: 'notifications'; notifications: ApiNotification[] }
  | { kind: 'reload' };

export interface Grant {
  key: StreamKey;
  rooms: string[];
  /** Entries newer than `sinceId`, oldest first, or `reload` past the bound. */
  replay(sinceId: string, baseUrl: string): Promise<Replay>;
}

export class SubscriptionRefused extends Error {
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const forbidden = () => new SubscriptionRefused('E_STREAM_FORBIDDEN', 'You may not follow this stream');
const oldestFirst = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export class StreamAuthorizer {
  constructor(
    private readonly core: CoreServices,
    private readonly models: Models,
    private readonly audience: AudienceRepository,
  ) {}

  /** The rooms `viewer` may join for `stream`; throws SubscriptionRefused otherwise. */
  async grant(viewer: ViewerContext, stream: ParsedStream): Promise<Grant> {
    if (viewer.viewer.kind !== 'user' || !viewer.viewer.isActive) throw forbidden();
    const userId = viewer.viewer.id;
    const { timelines, notificationFeed } = this.core;
    const page = (sinceId: string) => ({ minId: sinceId, limit: REPLAY_LIMIT + 1 });
    const statuses = async (read: Promise<{ statuses: ApiStatus[] }>): Promise<Replay> => {
      const found = (await read).statuses;
      return found.length > REPLAY_LIMIT ? { kind: 'reload' } : { kind: 'statuses', statuses: oldestFirst(found) };
    };
    const reloadIfAny = async (): Promise<Replay> => ({ kind: 'reload' });

    switch (stream.kind) {
      case 'home': {
        const key = streamKey(stream);
        return { key, rooms: [personalRoom(userId, key)], replay: (since, base) => statuses(timelines.home(viewer, page(since), base)) };
      }
      case 'company': {
        const key = streamKey(stream);
        return { key, rooms: [sharedRoom(key)], replay: (since, base) => statuses(timelines.company(viewer, page(since), base)) };
      }
      case 'notifications': {
        const key = streamKey(stream);
        return {
          key,
          rooms: [personalRoom(userId, key)],
          replay: async (since, base) => {
            const found = await notificationFeed.list(viewer, {}, page(since), base);
            return found.length > REPLAY_LIMIT ? { kind: 'reload' } : { kind: 'notifications', notifications: oldestFirst(found) };
          },
        };
      }
      case 'conversations': {
        const key = streamKey(stream);
        // A conversation moves rather than appears; the client re-reads its short list.
        return { key, rooms: [personalRoom(userId, key)], replay: reloadIfAny };
      }
      case 'group': {
        const group = await this.models.Group.findByPk(stream.id);
        if (!group || !canReadGroupPosts(viewer, toDomainGroup(group))) throw forbidden();
        const key = streamKey(stream);
        // A private group has no shared room: its posts go to each member's own room only.
        const rooms = group.visibility === 'public' ? [sharedRoom(key), personalRoom(userId, key)] : [personalRoom(userId, key)];
        return { key, rooms, replay: (since, base) => statuses(timelines.group(viewer, stream.id, page(since), base)) };
      }
      case 'hashtag': {
        const key = streamKey(stream);
        return {
          key,
          rooms: [sharedRoom(key), personalRoom(userId, key)],
          replay: (since, base) => statuses(timelines.hashtag(viewer, stream.tag, page(since), base)),
        };
      }
      case 'profile': {
        const account = await this.models.User.findByPk(stream.id, { attributes: ['id'] });
        if (!account) throw forbidden();
        const key = streamKey(stream);
        const options = { excludeReplies: false, excludeReposts: false, onlyMedia: false };
        return {
          key,
          rooms: [sharedRoom(key), personalRoom(userId, key)],
          replay: (since, base) => statuses(timelines.account(viewer, stream.id, options, page(since), base)),
        };
      }
      case 'thread': {
        const visible = await this.core.statuses.visibleIds([stream.id], viewer);
        if (visible.length === 0) throw forbidden();
        const root = (await this.audience.threadRootOf(stream.id)) ?? stream.id;
        const key = streamKey({ kind: 'thread', id: root });
        return { key, rooms: [sharedRoom(key), personalRoom(userId, key)], replay: reloadIfAny };
      }
      case 'announcement':
        return announcementStatsGrant(this.models, userId, stream.id).catch((error: unknown) => {
          throw error instanceof AnnouncementStreamRefused ? forbidden() : error;
        });
    }
  }
}
