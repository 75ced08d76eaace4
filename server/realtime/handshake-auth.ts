/**
 * Who is opening a live connection: the browser's session cookie (signed
 * like koa-session signs it, read from the same server-side store) or a
 * bearer token (Socket.IO `auth.token`, an `Authorization` header, an
 * `access_token` query or Mastodon's `Sec-WebSocket-Protocol`). Anything
 * else is refused.
 *
 * A cookie travels with any request the browser makes, including a
 * WebSocket opened by another site's page (cross-site WebSocket hijacking),
 * so a cookie-authenticated handshake must come from Warble's own origin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SessionStore } from '../auth/session-store.js';
import type { TokenService } from '../auth/token-service.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { scopesAllow } from '../domain/scopes.js';
import { SESSION_COOKIE } from '../http/middleware/session.js';

export interface LiveIdentity {
  userId: string;
  via: 'session' | 'token';
  /** The session's store key (cookie) or the token's id. */
  sessionKey?: string;
  tokenId?: string;
}

export type HandshakeRefusal = 'E_UNAUTHENTICATED' | 'E_BAD_ORIGIN' | 'E_SCOPE_DENIED';

export class HandshakeError extends Error {
  constructor(readonly code: HandshakeRefusal) {
    super(code === 'E_BAD_ORIGIN' ? 'This origin may not open a signed-in connection' : code === 'E_SCOPE_DENIED' ? 'The token lacks the read scope' : 'Sign in or present an access token');
  }
}

export interface HandshakeAuthDeps {
  sessionSecret: string;
  sessionStore: SessionStore;
  tokens: TokenService;
  users: UserRepository;
  publicUrl: string;
}

export interface HandshakeInput {
  headers: IncomingHttpHeaders;
  /** A token given outside the headers (Socket.IO `auth.token`, `access_token` query). */
  token?: string | undefined;
  /** True when this handshake came over TLS (for the same-origin check without publicUrl). */
  secure: boolean;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Keygrip's signature of `name=value`, as koa's `cookies` writes it in `<name>.sig`. */
function signatureMatches(secret: string, name: string, value: string, signature: string): boolean {
  const expected = createHmac('sha1', secret)
    .update(`${name}=${value}`)
    .digest('base64')
    .replace(/\/|\+|=/g, (c) => (c === '/' ? '_' : c === '+' ? '-' : ''));
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents, from the Authorization header or Mastodon's subprotocol trick. */
export function presentedToken(headers: IncomingHttpHeaders, explicit?: string): string | undefined {
  if (explicit) return explicit;
  const authorization = headers.authorization;
  if (authorization && /^Bearer\s+\S/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '').trim();
  // Browsers cannot set headers on a WebSocket; Mastodon clients put the token in the protocol list.
  const protocol = headers['sec-websocket-protocol'];
  if (typeof protocol === 'string' && protocol.trim() !== '') return protocol.split(',')[0]?.trim();
  return undefined;
}

export function isAllowedOrigin(origin: string | undefined, input: HandshakeInput, publicUrl: string): boolean {
  // Non-browser clients send no Origin; browsers always send one on WebSockets and cross-origin requests.
  if (origin === undefined) return true;
  const allowed = publicUrl !== '' ? new URL(publicUrl).origin : `${input.secure ? 'https' : 'http'}://${input.headers.host ?? ''}`;
  return origin === allowed;
}

export class HandshakeAuthenticator {
  constructor(private readonly deps: HandshakeAuthDeps) {}

  async authenticate(input: HandshakeInput, options: { allowCookie: boolean } = { allowCookie: true }): Promise<LiveIdentity> {
    const token = presentedToken(input.headers, input.token);
    if (token) return this.byToken(token);
    if (!options.allowCookie) throw new HandshakeError('E_UNAUTHENTICATED');
    return this.bySession(input);
  }

  private async byToken(token: string): Promise<LiveIdentity> {
    const identity = await this.deps.tokens.authenticate(token);
    if (!identity || identity.userId === null) throw new HandshakeError('E_UNAUTHENTICATED');
    if (!scopesAllow(identity.scopes, ['read:statuses', 'read:notifications'])) throw new HandshakeError('E_SCOPE_DENIED');
    await this.activeUser(identity.userId);
    return { userId: identity.userId, via: 'token', tokenId: identity.id };
  }

  private async bySession(input: HandshakeInput): Promise<LiveIdentity> {
    const cookie = input.headers.cookie;
    const key = cookieValue(cookie, SESSION_COOKIE);
    const signature = cookieValue(cookie, `${SESSION_COOKIE}.sig`);
    if (!key || !signature || !signatureMatches(this.deps.sessionSecret, SESSION_COOKIE, key, signature)) {
      throw new HandshakeError('E_UNAUTHENTICATED');
    }
    const originHeader = input.headers.origin;
    if (!isAllowedOrigin(typeof originHeader === 'string' ? originHeader : undefined, input, this.deps.publicUrl)) {
      throw new HandshakeError('E_BAD_ORIGIN');
    }
    const session = await this.deps.sessionStore.get(key);
    if (!session?.userId) throw new HandshakeError('E_UNAUTHENTICATED');
    await this.activeUser(session.userId);
    return { userId: session.userId, via: 'session', sessionKey: key };
  }

  private async activeUser(userId: string): Promise<void> {
    const user = await this.deps.users.findById(userId);
    if (!user || user.deactivatedAt || user.suspendedAt) throw new HandshakeError('E_UNAUTHENTICATED');
  }
}
