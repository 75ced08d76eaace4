/**
 * Signed session cookies (koa-session) backed by the database store:
 * httpOnly, SameSite=Lax, Secure when Warble is served over HTTPS.
 */
import type Koa from 'koa';
import createSession from 'koa-session';
import type { Middleware } from 'koa';
import { randomBytes } from 'node:crypto';
import type { SessionData, SessionStore } from '../../auth/session-store.js';

/** The part of koa-session's Session object Warble uses (the class itself is not exported). */
export interface SessionHandle extends SessionData {
  regenerate(): Promise<void> | undefined;
  save(): Promise<void> | undefined;
  readonly isNew: boolean;
}

declare module 'koa' {
  interface ExtendableContext {
    session: SessionHandle | null;
  }
}

export const SESSION_COOKIE = 'warble_session';

export interface SessionOptions {
  store: SessionStore;
  maxAgeMs: number;
  secureCookies: boolean;
}

export function sessions(app: Koa, options: SessionOptions): Middleware {
  return createSession(
    {
      key: SESSION_COOKIE,
      maxAge: options.maxAgeMs,
      httpOnly: true,
      signed: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      rolling: false,
      renew: true,
      genid: () => randomBytes(24).toString('base64url'),
      store: {
        get: (key: string) => options.store.get(key),
        set: (key: string, data: SessionData, maxAge: number) => options.store.set(key, data, maxAge),
        destroy: (key: string) => options.store.destroy(key),
      },
    },
    app,
  ) as Middleware;
}
