/** Reading API request bodies, whatever their type (JSON or form). */
import type { AppContext } from '../../context.js';

/** One body field, or undefined when the body lacks it. */
export function bodyField(ctx: AppContext, name: string): unknown {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body[name] : undefined;
}
