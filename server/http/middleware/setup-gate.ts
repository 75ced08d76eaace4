/**
 * On a fresh instance every page leads to /setup until the first
 * administrator exists. Once one does, the answer is cached: it never
 * becomes false again while the process runs.
 */
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { isApiPath, type AppMiddleware } from '../context.js';

const ALWAYS_OPEN = ['/setup', '/healthz', '/readyz', '/assets/'];

export function setupGate(users: UserRepository): AppMiddleware {
  let setUp = false;
  return async (ctx, next) => {
    if (!setUp) setUp = await users.adminExists();
    const open = ALWAYS_OPEN.some((prefix) => ctx.path === prefix || ctx.path.startsWith(prefix));
    if (!setUp && !open && !isApiPath(ctx.path) && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.redirect('/setup');
      return;
    }
    await next();
  };
}
