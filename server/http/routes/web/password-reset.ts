/**
 * Password reset by email for local accounts: "forgot password" (same
 * answer whoever asks), the page behind the mailed link, and the
 * administrators' "send reset link" button on the People page.
 */
import Router from '@koa/router';
import { DomainError } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { renderUsersPage, type UsersPageDeps } from './admin-users-page.js';
import { actorOf, refusalMessage } from './people-actions.js';

export function passwordResetRoutes(deps: UsersPageDeps): Router<AppState> {
  const router = new Router<AppState>();
  const resets = deps.people.passwordResets;

  const showForgot = (ctx: AppContext, extra: Record<string, unknown> = {}) =>
    renderPage(ctx, deps.renderer, 'password-forgot', { title: ctx.state.t('people.forgot.title'), mailEnabled: deps.people.mailEnabled, email: '', ...extra });

  router.get('/password/forgot', (ctx) => showForgot(ctx));

  router.post('/password/forgot', async (ctx) => {
    const email = formField(ctx, 'email');
    if (!deps.people.mailEnabled) {
      ctx.status = 422;
      return showForgot(ctx);
    }
    try {
      await resets.request(email, ctx.ip);
      // The same page whether or not the address has an account.
      showForgot(ctx, { sent: true });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'E_RATE_LIMITED') {
        ctx.status = 429;
        if (error.retryAfterSeconds) ctx.set('Retry-After', String(error.retryAfterSeconds));
        return showForgot(ctx, { email, error: ctx.state.t('people.forgot.limited') });
      }
      ctx.status = 422;
      showForgot(ctx, { email, errors: fieldErrors(ctx, error) });
    }
  });

  const showReset = async (ctx: AppContext, token: string, extra: Record<string, unknown> = {}) => {
    const user = await resets.check(token);
    if (!user) ctx.status = 410;
    renderPage(ctx, deps.renderer, 'password-reset', { title: ctx.state.t('people.reset.title'), token, username: user?.username, valid: user !== null, ...extra });
  };

  router.get('/password/reset', (ctx) => showReset(ctx, typeof ctx.query.token === 'string' ? ctx.query.token : ''));

  router.post('/password/reset', async (ctx) => {
    const token = formField(ctx, 'token');
    try {
      await resets.complete(token, formField(ctx, 'password'), formField(ctx, 'passwordConfirmation'), ctx.ip);
      ctx.redirect('/login?reset=1');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'E_FORBIDDEN') return showReset(ctx, token);
      const errors = fieldErrors(ctx, error);
      await showReset(ctx, token, { errors });
      if (ctx.status === 200) ctx.status = 422;
    }
  });

  router.post('/admin/users/:id/password-reset', requireAdmin, async (ctx) => {
    try {
      const user = await resets.sendFor(actorOf(ctx), ctx.params.id ?? '');
      ctx.redirect(`/admin/users?done=resetSent&name=${encodeURIComponent(user.username)}`);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) throw error;
      ctx.status = 422;
      await renderUsersPage(ctx, deps, { actionError: refusalMessage(ctx, error) });
    }
  });

  return router;
}
