/**
 * Applies the text-input rule (server/http/text-input.ts) to everything the
 * body parser and Koa have already read: the path, the query string and
 * JSON or form bodies. It runs before any router, so no route can forget it.
 * Multipart bodies are read later, by the routes that take them; they apply
 * the same rule through server/http/multipart-body.ts.
 */
import { notFound } from '../../domain/errors.js';
import type { AppMiddleware } from '../context.js';
import { isAcceptableText, refuseUnacceptableFields } from '../text-input.js';

/** The path as the router will decode it, or null when its percent-encoding is broken. */
function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

export function textInputRule(): AppMiddleware {
  return async (ctx, next) => {
    // No name Warble stores can hold such characters (the rule refuses them), so such a path names nothing.
    const path = decodedPath(ctx.path);
    if (path === null || !isAcceptableText(path)) throw notFound('Page');
    refuseUnacceptableFields(ctx.query);
    refuseUnacceptableFields(ctx.request.body);
    await next();
  };
}
