/** Gives every request an id (or keeps a sane one from the proxy) and a child logger carrying it. */
import { newId } from '../../domain/ids.js';
import type { Logger } from '../../logging/logger.js';
import type { AppMiddleware } from '../context.js';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestId(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = INCOMING_ID.test(incoming) ? incoming : newId();
    ctx.set('X-Request-Id', ctx.state.requestId);
    ctx.state.log = logger.child({ requestId: ctx.state.requestId });
    await next();
  };
}
