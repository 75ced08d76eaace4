/**
 * On a fresh instance every page leads to /setup until the first
 * administrator exists. Once one does, the answer is cached: it never
 * becomes false again while the process runs. With directory sign-in and
 * an admin group (or single sign-on with one), /login and the single sign-on
 * routes (/auth/) stay open too: the first administrator to sign in completes setup.
 */
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { isApiPath, type AppMiddleware } from '../context.js';

const ALWAYS_OPEN = ['/setup', '/healthz', '/readyz', '/assets/'];

export function setupGate(users: UserRepository, options: { directoryAdmins?: boolean } = {}): AppMiddleware {
  let setUp = false;
  const alwaysOpen = options.directoryAdmins ? [...ALWAYS_OPEN, '/login', '/auth/'] : ALWAYS_OPEN;
  return async (ctx, next) => {
    if (!setUp) setUp = await users.adminExists();
    const open = alwaysOpen.some((prefix) => ctx.path === prefix || ctx.path.startsWith(prefix));
    if (!setUp && !open && !isApiPath(ctx.path) && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.redirect('/setup');
      return;
    }
    await next();
  };
}
