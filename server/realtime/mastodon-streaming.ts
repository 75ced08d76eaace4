/**
 * Mastodon's streaming API for third-party clients, on Warble's own server:
 *
 * - WebSocket at `/api/v1/streaming` (the maintained `ws` package, routed by
 *   path so it never meets Socket.IO's `/socket.io`), with `?stream=` and
 *   Mastodon's `{"type":"subscribe","stream":…}` messages;
 * - server-sent events at `/api/v1/streaming/user`, `/public`, `/hashtag?tag=`,
 *   `/list?list=` (lists are Warble groups), `/direct`, and `/health`.
 *
 * Only tokens authenticate here (`access_token` query, `Authorization`
 * header or `Sec-WebSocket-Protocol`), so no cookie authority can be
 * borrowed by another site. Each stream is checked with the same rules as
 * Socket.IO subscriptions and maps onto the same rooms.
 */
import Router from '@koa/router';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Container } from '../container.js';
import type { AppState } from '../http/context.js';
import type { Logger } from '../logging/logger.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import { HandshakeAuthenticator, HandshakeError, type LiveIdentity } from './handshake-auth.js';
import type { MastodonConnection, MastodonHub } from './mastodon-hub.js';
import { personalRoom, sharedRoom, userRoom } from './streams.js';
import { StreamAuthorizer, SubscriptionRefused } from './subscriptions.js';

const STREAMING_PATH = '/api/v1/streaming';
const HEARTBEAT_MS = 15_000;

/** A Mastodon stream resolved to Warble rooms. */
interface ResolvedStream {
  stream: string[];
  rooms: string[];
}

class StreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Maps a Mastodon stream name (and its `tag`/`list` parameter) onto rooms, checking access like Socket.IO does. */
async function resolveStream(
  container: Container,
  authorizer: StreamAuthorizer,
  userId: string,
  name: string,
  params: { tag?: string | null; list?: string | null },
): Promise<ResolvedStream> {
  const user = await container.models.User.findByPk(userId);
  if (!user || user.deactivatedAt || user.suspendedAt) throw new StreamError(401, 'The access token is invalid');
  const viewer = await loadViewerContext(container.models, user);
  const mine = userRoom(userId);
  try {
    switch (name) {
      case 'user':
        return { stream: ['user'], rooms: [personalRoom(userId, 'home'), personalRoom(userId, 'notifications'), mine] };
      case 'user:notification':
        return { stream: ['user:notification'], rooms: [personalRoom(userId, 'notifications'), mine] };
      case 'public':
      case 'public:local':
        return { stream: [name], rooms: [sharedRoom('company'), mine] };
      case 'direct':
        return { stream: ['direct'], rooms: [personalRoom(userId, 'conversations'), mine] };
      case 'hashtag':
      case 'hashtag:local': {
        if (!params.tag) throw new StreamError(400, 'Missing tag name parameter');
        const grant = await authorizer.grant(viewer, { kind: 'hashtag', tag: params.tag.toLowerCase().replace(/^#/, '') });
        return { stream: [name, params.tag], rooms: [...grant.rooms, mine] };
      }
      case 'list': {
        if (!params.list) throw new StreamError(400, 'Missing list parameter');
        const grant = await authorizer.grant(viewer, { kind: 'group', id: params.list });
        return { stream: ['list', params.list], rooms: [...grant.rooms, mine] };
      }
      default:
        throw new StreamError(400, 'Unknown stream type');
    }
  } catch (error) {
    if (error instanceof SubscriptionRefused) throw new StreamError(404, 'No such list or tag');
    throw error;
  }
}

export interface MastodonStreamingDeps {
  container: Container;
  authenticator: HandshakeAuthenticator;
  hub: MastodonHub;
  logger: Logger;
}

function tokenOf(request: IncomingMessage): string | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return url.searchParams.get('access_token') ?? undefined;
}

/** Routes WebSocket upgrades under /api/v1/streaming to `ws`; leaves /socket.io to Socket.IO. */
export function attachMastodonWebSocket(server: HttpServer, deps: MastodonStreamingDeps): { close(): void } {
  const { container, authenticator, hub, logger } = deps;
  const authorizer = new StreamAuthorizer(container.core, container.models, container.audience);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 16 * 1024,
    // A client that sent its token as the subprotocol expects it echoed back.
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });

  const refuse = (socket: Duplex, status: number, message: string) => {
    socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ error: message })}`);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (path.startsWith('/socket.io')) return; // Socket.IO's own
    if (path !== STREAMING_PATH) {
      socket.destroy();
      return;
    }
    authenticator
      .authenticate({ headers: request.headers, token: tokenOf(request), secure: false }, { allowCookie: false })
      .then(
        (identity) => wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, identity)),
        (error: unknown) => {
          if (!(error instanceof HandshakeError)) logger.error({ err: error }, 'streaming handshake failed');
          refuse(socket, 401, 'Unauthorized');
        },
      );
  };
  server.on('upgrade', onUpgrade);

  const onConnection = (ws: WebSocket, request: IncomingMessage, identity: LiveIdentity) => {
    const connection: MastodonConnection = {
      userId: identity.userId,
      tokenId: identity.tokenId ?? '',
      send: (stream, event, payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ stream, event, payload }));
      },
      close: () => {
        hub.remove(connection);
        ws.close(1000);
      },
    };
    const subscribe = (name: string, params: { tag?: string | null; list?: string | null }) =>
      resolveStream(container, authorizer, identity.userId, name, params).then(
        (resolved) => hub.add(connection, resolved.stream, resolved.rooms),
        (error: unknown) => {
          if (error instanceof StreamError) ws.send(JSON.stringify({ error: error.message, status: error.status }));
          else logger.error({ err: error }, 'streaming subscribe failed');
        },
      );
    const alive = setInterval(() => ws.ping(), HEARTBEAT_MS);
    container.metrics.socketsConnected.inc();
    ws.on('close', () => {
      clearInterval(alive);
      container.metrics.socketsConnected.dec();
      hub.remove(connection);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      let message: { type?: unknown; stream?: unknown; tag?: unknown; list?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.stream !== 'string') return;
      const params = { tag: typeof message.tag === 'string' ? message.tag : null, list: typeof message.list === 'string' ? message.list : null };
      if (message.type === 'subscribe') void subscribe(message.stream, params);
      else if (message.type === 'unsubscribe') {
        const stream = [message.stream, ...(params.tag ? [params.tag] : params.list ? [params.list] : [])];
        hub.remove(connection, stream);
      }
    });
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const initial = query.get('stream');
    if (initial) void subscribe(initial, { tag: query.get('tag'), list: query.get('list') });
  };

  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

const SSE_STREAMS: Record<string, string> = {
  '/user': 'user',
  '/user/notification': 'user:notification',
  '/public': 'public',
  '/public/local': 'public:local',
  '/hashtag': 'hashtag',
  '/hashtag/local': 'hashtag:local',
  '/list': 'list',
  '/direct': 'direct',
};

/** The server-sent-events form and the health check, as Koa routes. */
export function mastodonStreamingRoutes(container: Container): Router<AppState> {
  const router = new Router<AppState>({ prefix: STREAMING_PATH });
  const authenticator = new HandshakeAuthenticator({
    sessionSecret: container.sessionSecret,
    sessionStore: container.sessionStore,
    tokens: container.tokens,
    users: container.users,
    publicUrl: container.config.publicUrl,
  });
  const authorizer = new StreamAuthorizer(container.core, container.models, container.audience);
  const hub = container.mastodonHub;

  router.get('/health', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain';
    ctx.body = 'OK';
  });

  for (const [path, name] of Object.entries(SSE_STREAMS)) {
    router.get(path, async (ctx) => {
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      let identity: LiveIdentity;
      try {
        identity = await authenticator.authenticate({ headers: ctx.req.headers, token, secure: ctx.secure }, { allowCookie: false });
      } catch (error) {
        if (!(error instanceof HandshakeError)) throw error;
        ctx.status = 401;
        ctx.body = { error: 'The access token is invalid' };
        return;
      }
      const param = (key: string) => (typeof ctx.query[key] === 'string' ? (ctx.query[key] as string) : null);
      let resolved: ResolvedStream;
      try {
        resolved = await resolveStream(container, authorizer, identity.userId, name, { tag: param('tag'), list: param('list') });
      } catch (error) {
        if (!(error instanceof StreamError)) throw error;
        ctx.status = error.status;
        ctx.body = { error: error.message };
        return;
      }
      const res = ctx.res;
      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      ctx.respond = false;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
        Connection: 'keep-alive',
      });
      res.write(':)\n\n');
      const heartbeat = setInterval(() => res.write(':thump\n\n'), HEARTBEAT_MS);
      const connection: MastodonConnection = {
        userId: identity.userId,
        tokenId: identity.tokenId ?? '',
        send: (_stream, event, payload) => {
          res.write(`event: ${event}\ndata: ${payload}\n\n`);
        },
        close: () => {
          clearInterval(heartbeat);
          hub.remove(connection);
          res.end();
        },
      };
      hub.add(connection, resolved.stream, resolved.rooms);
      container.metrics.socketsConnected.inc();
      ctx.req.on('close', () => {
        clearInterval(heartbeat);
        container.metrics.socketsConnected.dec();
        hub.remove(connection);
      });
    });
  }
  return router;
}
