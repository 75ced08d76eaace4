/** The request's ViewerContext, loaded once per request and shared by every route and check. */
import type { Models } from '../db/models/index.js';
import type { ViewerContext } from '../domain/visibility/index.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import type { AppContext } from './context.js';

const cache = new WeakMap<AppContext, Promise<ViewerContext>>();

export function viewerContextOf(ctx: AppContext, models: Models): Promise<ViewerContext> {
  let pending = cache.get(ctx);
  if (!pending) {
    pending = loadViewerContext(models, ctx.state.user);
    cache.set(ctx, pending);
  }
  return pending;
}
