/**
 * The live event map, end to end: what a browser or client may ask
 * (ClientToServerEvents), what Warble pushes (ServerToClientEvents), what
 * nodes tell each other (InterServerEvents) and what each socket carries
 * (SocketData). Socket.IO's `Server<…>` makes every emit a compile-time
 * fact; the web UI's script reads this file as the contract.
 *
 * Later capabilities add their events here, typed, and emit them through
 * the same rooms (see docs/realtime.md).
 */
import type { ApiAnnouncement } from '../serializers/announcement.js';
import type { ApiConversation } from '../serializers/conversation.js';
import type { ApiNotification } from '../serializers/notification.js';
import type { ApiStatus } from '../serializers/status.js';
import type { StreamKey } from './streams.js';

/** A post appearing in (or changing within) one stream the socket subscribed to. */
export interface StreamStatusEvent {
  stream: StreamKey;
  status: ApiStatus;
  /** True when sent as part of the catch-up after a reconnect (oldest first). */
  replay?: boolean;
}

/** Mastodon's counters, pushed when likes, reposts or replies change. */
export interface PostCountsEvent {
  id: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
}

/** An announcement's figures, pushed to its stats page as receipts arrive. */
export interface AnnouncementStatsEvent {
  stream: StreamKey;
  id: string;
  delivered: number;
  seen: number;
  acknowledged: number;
}

export type SubscribeResult =
  | { ok: true; stream: StreamKey; replayed: number; reload: boolean }
  | { ok: false; stream: string; code: RealtimeErrorCode; message: string };

export type RealtimeErrorCode = 'E_STREAM_UNKNOWN' | 'E_STREAM_FORBIDDEN' | 'E_STREAM_LIMIT';

export interface SubscribeRequest {
  /** `home`, `company`, `group:<id>`, `hashtag:<tag>`, `profile:<accountId>`, `thread:<statusId>`, `notifications`, `conversations`. */
  stream: string;
  /** The newest id the client already has: what came after it is replayed (bounded). */
  sinceId?: string;
}

export interface ServerToClientEvents {
  'post.created': (event: StreamStatusEvent) => void;
  'post.edited': (event: StreamStatusEvent) => void;
  /** Remove this post wherever it is shown. */
  'post.deleted': (event: { id: string }) => void;
  'post.counts': (event: PostCountsEvent) => void;
  notification: (event: { stream: 'notifications'; notification: ApiNotification; replay?: boolean }) => void;
  conversation: (event: { stream: 'conversations'; conversation: ApiConversation }) => void;
  /** The server ended a subscription (e.g. the person left the private group). */
  'stream.ended': (event: { stream: StreamKey; reason: 'membership' }) => void;
  /** More was missed than the replay bound: fetch the stream again over REST. */
  'stream.reload': (event: { stream: StreamKey }) => void;
  /** A refused subscription, also given as the ack of `subscribe`. */
  'stream.error': (event: { stream: string; code: RealtimeErrorCode; message: string }) => void;
  /** A new announcement for this person (every socket of theirs; server/realtime/announcement-delivery.ts). */
  announcement: (event: { announcement: ApiAnnouncement }) => void;
  /** Stop showing this announcement: acknowledged in another tab, or withdrawn. */
  'announcement.removed': (event: { id: string; reason: 'acknowledged' | 'withdrawn' }) => void;
  /** New figures for the `announcement:<id>` stream (its stats page). */
  'announcement.stats': (event: AnnouncementStatsEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: SubscribeResult) => void) => void;
  unsubscribe: (request: { stream: string }, ack?: (result: { ok: boolean }) => void) => void;
}

/** One Mastodon-streaming message for the connections of every node subscribed to `rooms`. */
export interface MastodonDelivery {
  rooms: string[];
  event: 'update' | 'delete' | 'notification' | 'status.update' | 'conversation' | 'announcement' | 'announcement.delete';
  /** Already JSON-encoded as Mastodon sends it (a string in a string for entities). */
  payload: string;
}

export interface InterServerEvents {
  'mastodon.deliver': (delivery: MastodonDelivery) => void;
  /** Close the Mastodon-streaming connections of a person (signed out, deactivated). */
  'mastodon.revoke': (target: { userId?: string; tokenId?: string }) => void;
  /** Detach a person's Mastodon `list` streams of a group they left. */
  'mastodon.leaveGroup': (target: { userId: string; groupId: string }) => void;
}

export interface SocketData {
  userId: string;
  /** How the handshake was authenticated. */
  via: 'session' | 'token';
  /** Streams this socket subscribed to (canonical keys). */
  streams: StreamKey[];
}
