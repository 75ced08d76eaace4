/** The typed request state every middleware and route shares. */
import type { ParameterizedContext, Next } from 'koa';
import type { Language } from '../config/schema.js';
import type { UserModel } from '../db/models/user.js';
import type { Translate } from '../i18n/translator.js';
import type { Logger } from '../logging/logger.js';

export interface AppState {
  requestId: string;
  log: Logger;
  lang: Language;
  t: Translate;
  user?: UserModel;
  csrfToken: string;
  instanceName: string;
  /** The uploaded instance logo's URL (instance settings), when there is one. */
  instanceLogoUrl?: string;
  /** Unread notifications, for the navigation badge of pages (set by nav-counts). */
  unreadNotifications?: number;
  /** Set when the request authenticated with a bearer token (absent for session-cookie requests). */
  token?: ApiTokenState;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = (ctx: AppContext, next: Next) => Promise<void>;

/** API paths answer JSON; every other path answers pages. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Where a bearer token is honoured: the API, and reading the attachment files
 * whose URLs the API hands out (Mastodon clients fetch them with the same
 * token). Reads only, so a token can never post a page's form.
 */
export const acceptsBearerToken = (method: string, path: string) =>
  isApiPath(path) || ((method === 'GET' || method === 'HEAD') && path.startsWith('/media/'));

/** The bearer token behind an API request: its id, what it may do, and its app (null for personal tokens). */
export interface ApiTokenState {
  id: string;
  scopes: readonly string[];
  appId: string | null;
}
