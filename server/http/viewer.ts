/** The request's ViewerContext, loaded once per request and shared by every route and check. */
import type { Models } from '../db/models/index.js';
import type { UserModel } from '../db/models/user.js';
import type { ViewerContext } from '../domain/visibility/index.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import type { AppContext } from './context.js';

interface Cached {
  /** Whose context it is: a bearer token may replace the cookie's person after the loader was registered. */
  user: UserModel | undefined;
  load: () => Promise<ViewerContext>;
  pending?: Promise<ViewerContext>;
}

const cache = new WeakMap<AppContext, Cached>();

/**
 * Lets the middleware that found the person say how to read their context
 * (currentUser reads memberships on the hot-read connections). Still loaded
 * lazily, at the first call, as before: a route that changes memberships
 * before it first asks sees the change.
 */
export function registerViewerLoader(ctx: AppContext, user: UserModel, load: () => Promise<ViewerContext>): void {
  cache.set(ctx, { user, load });
}

export function viewerContextOf(ctx: AppContext, models: Models): Promise<ViewerContext> {
  let cached = cache.get(ctx);
  if (!cached || cached.user !== ctx.state.user) {
    const user = ctx.state.user;
    cached = { user, load: () => loadViewerContext(models, user) };
    cache.set(ctx, cached);
  }
  cached.pending ??= cached.load();
  return cached.pending;
}
