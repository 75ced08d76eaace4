/**
 * Mastodon-style cursor pagination: `max_id` (older than), `since_id` (newer
 * than, newest first), `min_id` (newer than, immediately after, oldest first
 * then returned newest first), `limit` (default 20, at most 40), and the
 * `Link` header with `next` and `prev` pages. Ids are ULIDs, so cursors are
 * plain string comparisons.
 */
import { isId } from '../domain/ids.js';
import { validationError } from '../domain/errors.js';
import type { AppContext } from './context.js';

export interface PageRequest {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 40;

function cursor(ctx: AppContext, name: string): string | undefined {
  const value = ctx.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isId(value)) throw validationError(name, `${name} must be an id`);
  return value;
}

/** Reads the paging parameters; a bad cursor or limit is a 422 naming the parameter. */
export function readPage(ctx: AppContext, options: { defaultLimit?: number; maxLimit?: number } = {}): PageRequest {
  const maxLimit = options.maxLimit ?? MAX_PAGE_SIZE;
  const raw = ctx.query.limit;
  let limit = options.defaultLimit ?? DEFAULT_PAGE_SIZE;
  if (typeof raw === 'string' && raw !== '') {
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw validationError('limit', 'limit must be a positive whole number');
    limit = Math.min(Number(raw), maxLimit);
  }
  return { maxId: cursor(ctx, 'max_id'), sinceId: cursor(ctx, 'since_id'), minId: cursor(ctx, 'min_id'), limit };
}

/**
 * Sets the Link header for a page of items (newest first). `next` goes to
 * older items, `prev` to newer ones, keeping the other query parameters.
 */
export function setLinkHeader(ctx: AppContext, items: ReadonlyArray<{ id: string }>, baseUrl: string): void {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const link = (params: Record<string, string>) => {
    const url = new URL(ctx.path, baseUrl); // eslint-disable-line

    for (const [key, value] of Object.entries(ctx.query)) {
      if (['max_id', 'since_id', 'min_id'].includes(key)) continue;
      // Repeated filters (`types[]=mention&types[]=follow`) must survive into the next page.
      if (typeof value === 'string') url.searchParams.set(key, value);
      else if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
    }
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  };
  ctx.set('Link', `<${link({ max_id: last.id })}>; rel="next", <${link({ min_id: first.id })}>; rel="prev"`);
}

/**
 * The configured public URL, else this request's scheme and host (Koa 3's
 * `ctx.origin` is the Origin request header, not this server's origin).
 */
export function baseUrlOf(ctx: AppContext, publicUrl: string): string {
  return publicUrl !== '' ? publicUrl : `${ctx.protocol}://${ctx.host}`;
}
