/** Route guards: signed-in people only; administrators only. */
import { DomainError, forbidden } from '../../domain/errors.js';
import { isApiPath, type AppMiddleware } from '../context.js';

export const requireUser: AppMiddleware = async (ctx, next) => {
  if (!ctx.state.user) {
    // A client that sent a token wants an answer it can act on, not the sign-in page (an app token names no person).
    if (isApiPath(ctx.path) || ctx.state.token) throw new DomainError('E_UNAUTHENTICATED', 'Sign in first', 401);
    ctx.redirect(`/login?returnTo=${encodeURIComponent(ctx.originalUrl)}`);
    return;
  }
  await next();
};

export const requireAdmin: AppMiddleware = async (ctx, next) => {
  if (!ctx.state.user) return requireUser(ctx, next);
  if (!ctx.state.user.isAdmin) throw forbidden('Administrators only');
  await next();
};
