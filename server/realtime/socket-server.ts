/**
 * Socket.IO on Warble's own HTTP server, typed end to end: the handshake
 * authenticates (session cookie from Warble's own origin, or a bearer
 * token), `subscribe` checks each stream with the REST API's visibility
 * rules, and the fan-out (fan-out.ts) pushes after commit. With redis.url the
 * official Redis adapter links the nodes; without it nothing extra loads.
 * Mastodon's streaming API shares the server (mastodon-streaming.ts).
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Container } from '../container.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import { AnnouncementDelivery } from './announcement-delivery.js';
import { LiveFanOut } from './fan-out.js';
import { HandshakeAuthenticator, HandshakeError } from './handshake-auth.js';
import { attachMastodonWebSocket } from './mastodon-streaming.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData, SubscribeResult } from './realtime-events.js';
import { closeRedisClient, type RedisClient } from './redis-connection.js';
import { settlingClient } from './settling-client.js';
import { parseStream, personalRoom, sessionRoom, sharedRoom, streamKey, tokenRoom, userRoom } from './streams.js';
import { StreamAuthorizer, SubscriptionRefused } from './subscriptions.js';

export type WarbleIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type WarbleSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A socket may follow at most this many streams at once. */
const MAX_STREAMS_PER_SOCKET = 64;

export interface Realtime {
  io: WarbleIo;
  fanOut: LiveFanOut;
  authenticator: HandshakeAuthenticator;
  /** Disconnects every client of this node and releases the adapter. */
  close(): Promise<void>;
}

export async function attachRealtime(server: HttpServer, container: Container, baseUrl: () => string): Promise<Realtime> {
  const { config, logger } = container;
  const log = logger.child({ component: 'realtime' });
  const io: WarbleIo = new Server(server, {
    // The browser client is served by Warble itself (/socket.io/socket.io.min.js): no CDN behind a firewall.
    serveClient: true,
    // Another site's page may not read our answers; WebSockets are checked per handshake (Origin).
    cors: undefined,
    // Mastodon's streaming API takes other upgrade paths on the same server.
    destroyUpgrade: false,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    maxHttpBufferSize: 64 * 1024,
  });

  const adapterClients = container.redis ? [await container.redis.duplicate(), await container.redis.duplicate()] : [];
  if (container.redis && adapterClients[0] && adapterClients[1]) {
    const { createAdapter } = await import('@socket.io/redis-adapter');
    // While Redis is away, events still reach this node's sockets; other nodes' clients catch up on resubscribe.
    const settling = (client: RedisClient) =>
      settlingClient(client, (command, error) => log.debug({ err: error, command }, 'live event not shared with other nodes'));
    io.adapter(createAdapter(settling(adapterClients[0]), settling(adapterClients[1]), { key: `${container.redis.keyPrefix}socket.io` }));
  }

  const authenticator = new HandshakeAuthenticator({
    sessionSecret: container.sessionSecret,
    sessionStore: container.sessionStore,
    tokens: container.tokens,
    users: container.users,
    publicUrl: config.publicUrl,
  });
  const audience = container.audience;
  const authorizer = new StreamAuthorizer(container.core, container.models, audience);
  const fanOut = new LiveFanOut({
    io,
    core: container.core,
    models: container.models,
    audience,
    hub: container.mastodonHub,
    get baseUrl() {
      return baseUrl();
    },
    crossNode: container.redis !== null,
    logger: log,
    metrics: container.metrics,
  });
  container.core.events.register(fanOut.sink);
  const announcementDelivery = new AnnouncementDelivery({ io, announcements: container.announcements, hub: container.mastodonHub, crossNode: container.redis !== null, logger: log });
  container.core.events.register(announcementDelivery.sink);

  io.on('mastodon.deliver', (delivery) => container.mastodonHub.deliver(delivery));
  io.on('mastodon.revoke', (target) => fanOut.revokeMastodon(target));
  io.on('mastodon.leaveGroup', (target) => fanOut.leaveMastodonGroup(target.userId, target.groupId));

  io.use((socket, next) => {
    const request = socket.request as IncomingMessage & { connection: { encrypted?: boolean } };
    const auth = socket.handshake.auth as { token?: unknown };
    authenticator
      .authenticate({
        headers: socket.handshake.headers,
        token: typeof auth.token === 'string' ? auth.token : undefined,
        secure: socket.handshake.secure || config.publicUrl.startsWith('https:') || Boolean(request.connection.encrypted),
      })
      .then((identity) => {
        socket.data = { userId: identity.userId, via: identity.via, streams: [] };
        const rooms = [userRoom(identity.userId)];
        if (identity.sessionKey) rooms.push(sessionRoom(identity.sessionKey));
        if (identity.tokenId) rooms.push(tokenRoom(identity.tokenId));
        return socket.join(rooms);
      })
      .then(() => next())
      .catch((error: unknown) => {
        if (!(error instanceof HandshakeError)) log.error({ err: error }, 'live handshake failed');
        const refusal = new Error(error instanceof HandshakeError ? error.message : 'Handshake failed') as Error & { data?: unknown };
        refusal.data = { code: error instanceof HandshakeError ? error.code : 'E_INTERNAL' };
        next(refusal);
      });
  });

  io.on('connection', (socket) => {
    container.metrics.socketsConnected.inc();
    socket.on('disconnect', () => container.metrics.socketsConnected.dec());
    socket.on('subscribe', (request, ack) => {
      subscribe(socket, request?.stream, request?.sinceId).then(
        (result) => {
          if (!result.ok) socket.emit('stream.error', { stream: result.stream, code: result.code, message: result.message });
          if (typeof ack === 'function') ack(result);
        },
        (error: unknown) => log.error({ err: error }, 'subscribe failed'),
      );
    });
    socket.on('unsubscribe', (request, ack) => {
      const parsed = parseStream(request?.stream);
      const done = (ok: boolean) => (typeof ack === 'function' ? ack({ ok }) : undefined);
      if (!parsed) return done(false);
      // Use the key the subscribe ack returned (a thread's key names its root).
      const key = streamKey(parsed);
      socket.data.streams = socket.data.streams.filter((stream) => stream !== key);
      Promise.all([socket.leave(sharedRoom(key)), socket.leave(personalRoom(socket.data.userId, key))]).then(
        () => done(true),
        () => done(false),
      );
    });
  });

  async function subscribe(socket: WarbleSocket, stream: unknown, sinceId: unknown): Promise<SubscribeResult> {
    const name = typeof stream === 'string' ? stream : '';
    const parsed = parseStream(stream);
    if (!parsed) return { ok: false, stream: name, code: 'E_STREAM_UNKNOWN', message: 'Unknown stream' };
    if (socket.data.streams.length >= MAX_STREAMS_PER_SOCKET) {
      return { ok: false, stream: name, code: 'E_STREAM_LIMIT', message: 'Too many streams on one connection' };
    }
    const user = await container.models.User.findByPk(socket.data.userId);
    if (!user || user.deactivatedAt || user.suspendedAt) {
      socket.disconnect(true);
      return { ok: false, stream: name, code: 'E_STREAM_FORBIDDEN', message: 'You may not follow this stream' };
    }
    const viewer = await loadViewerContext(container.models, user);
    try {
      const grant = await authorizer.grant(viewer, parsed);
      // Join first, then replay: nothing committed in between is lost (the client drops duplicates by id).
      await socket.join(grant.rooms);
      if (!socket.data.streams.includes(grant.key)) socket.data.streams.push(grant.key);
      if (typeof sinceId !== 'string' || !/^[0-9A-Za-z]{1,64}$/.test(sinceId)) {
        return { ok: true, stream: grant.key, replayed: 0, reload: false };
      }
      const replay = await grant.replay(sinceId, baseUrl());
      if (replay.kind === 'reload') {
        socket.emit('stream.reload', { stream: grant.key });
        return { ok: true, stream: grant.key, replayed: 0, reload: true };
      }
      if (replay.kind === 'notifications') {
        for (const notification of replay.notifications) socket.emit('notification', { stream: 'notifications', notification, replay: true });
        return { ok: true, stream: grant.key, replayed: replay.notifications.length, reload: false };
      }
      for (const status of replay.statuses) socket.emit('post.created', { stream: grant.key, status, replay: true });
      return { ok: true, stream: grant.key, replayed: replay.statuses.length, reload: false };
    } catch (error) {
      if (error instanceof SubscriptionRefused) return { ok: false, stream: name, code: error.code, message: error.message };
      throw error;
    }
  }

  const mastodon = attachMastodonWebSocket(server, { container, authenticator, hub: container.mastodonHub, logger: log });

  return {
    io,
    fanOut,
    authenticator,
    close: async () => {
      mastodon.close();
      container.mastodonHub.closeAll();
      io.local.disconnectSockets(true);
      io.engine.close();
      await Promise.allSettled([...io._nsps.values()].map(async (nsp) => nsp.adapter.close()));
      await Promise.allSettled(adapterClients.map(closeRedisClient));
    },
  };
}
