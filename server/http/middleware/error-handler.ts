/**
 * The one place errors become responses: JSON `{error, code, field}` under
 * /api, an error page elsewhere. Clients never see a stack trace; 5xx are
 * logged with theirs. A database that is away is a 503 with Retry-After:
 * the request may succeed in a moment, and nothing was acknowledged.
 */
import { isDatabaseUnavailable } from '../../db/database-unavailable.js';
import { DomainError } from '../../domain/errors.js';
import type { PageRenderer } from '../views/renderer.js';
import { isApiPath, type AppMiddleware } from '../context.js';
import { pageContext } from '../views/page-context.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  code?: string;
  type?: string;
}

/** Seconds a client should wait before retrying while the database is away. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

function describe(error: unknown): { status: number; message: string; code: string; field?: string } {
  if (isDatabaseUnavailable(error)) {
    return { status: 503, message: 'The database is unavailable; try again shortly', code: 'E_DATABASE_UNAVAILABLE' };
  }
  if (error instanceof DomainError) {
    return { status: error.status, message: error.message, code: error.code, field: error.field };
  }
  const httpish = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  const status = httpish.status ?? httpish.statusCode ?? 500;
  if (status >= 500 || !httpish.expose) {
    return { status, message: status >= 500 ? 'Internal server error' : defaultMessage(status), code: `E_HTTP_${status}` };
  }
  return { status, message: httpish.message ?? defaultMessage(status), code: `E_HTTP_${status}` };
}

function defaultMessage(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 413) return 'Request body too large';
  if (status === 415) return 'Unsupported content type';
  return 'Bad request';
}

/** `answersJson`: the paths whose clients read JSON errors whatever they Accept (the API, OAuth client endpoints). */
export function errorHandler(renderer: PageRenderer, answersJson: (path: string) => boolean = isApiPath): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) ctx.throw(404);
    } catch (error) {
      const { status, message, code, field } = describe(error);
      if (code === 'E_DATABASE_UNAVAILABLE') {
        // One line per request, no stack: the outage itself is what /readyz and the pool log report.
        ctx.state.log.warn({ reason: (error as Error).message }, 'request refused: database unavailable');
        ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      } else if (status >= 500) ctx.state.log.error({ err: error }, 'request failed');
      if (error instanceof DomainError && error.retryAfterSeconds) ctx.set('Retry-After', String(error.retryAfterSeconds));
      ctx.status = status;
      if (answersJson(ctx.path) || !ctx.accepts('html')) {
        ctx.body = { error: message, code, ...(field ? { field } : {}) };
        return;
      }
      const title = ctx.state.t ? ctx.state.t(`errors.${code}`, { defaultValue: message }) : message;
      ctx.type = 'html';
      ctx.body = renderer.render('error', { ...pageContext(ctx), title, status, message: title });
    }
  };
}
