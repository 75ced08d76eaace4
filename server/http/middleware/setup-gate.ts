/**
 * Until the first administrator exists, an anonymous visitor of a page is
 * led to /setup, which says where the one-time setup link is: in the
 * server's log, for whoever controls the server (see
 * services/people/setup-token.ts). A signed-in person (a directory or
 * single sign-on account, or one made with `warble user add`) is never sent
 * there: Warble simply works for them. Sign-in and the links people receive
 * by mail stay open. Once an administrator exists the answer is cached: it
 * never becomes false again while the process runs.
 */
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { isApiPath, type AppMiddleware } from '../context.js';

const ALWAYS_OPEN = ['/setup', '/login', '/auth/', '/invite', '/password/', '/healthz', '/readyz', '/assets/'];

export function setupGate(users: UserRepository): AppMiddleware {
  let setUp = false;
  return async (ctx, next) => {
    if (!setUp) setUp = await users.adminExists();
    const open = ALWAYS_OPEN.some((prefix) => ctx.path === prefix || ctx.path.startsWith(prefix));
    if (!setUp && !ctx.state.user && !open && !isApiPath(ctx.path) && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.redirect('/setup');
      return;
    }
    await next();
  };
}
