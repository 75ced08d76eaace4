/** Times every request by its route pattern (never the raw path: ids would explode the label count). */
import type { Metrics } from '../../observability/metrics.js';
import type { AppMiddleware } from '../context.js';

export function requestMetrics(metrics: Metrics): AppMiddleware {
  return async (ctx, next) => {
    const stop = metrics.httpRequestDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? (ctx.status === 404 ? 'unmatched' : 'other');
      stop({ method: ctx.method, route: String(route), status: String(ctx.status) });
    }
  };
}
