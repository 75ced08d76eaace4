/**
 * The invitee's side: /invite?token=… shows the invitation (or why its link
 * no longer works) and lets them choose a user name and a password. The
 * token travels in the query and a hidden field, never in the path, which
 * the access log records.
 */
import Router from '@koa/router';
import { DomainError } from '../../../domain/errors.js';
import type { PeopleServices } from '../../../services/people/people-services.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { startSession } from './sign-in.js';

export function invitationAcceptRoutes(deps: { renderer: Renders; people: PeopleServices }): Router<AppState> {
  const router = new Router<AppState>();
  const invitations = deps.people.invitations;

  /** Renders the page for this token: the form when the invitation is pending, else why not (404 unknown, 410 spent). */
  async function show(ctx: AppContext, token: string, extra: Record<string, unknown> = {}) {
    const invitation = await invitations.open(token);
    const state = invitation?.state ?? 'invalid';
    if (state !== 'pending') ctx.status = state === 'invalid' ? 404 : 410;
    renderPage(ctx, deps.renderer, 'invite', {
      title: ctx.state.t('people.invite.title'),
      token,
      state,
      pending: state === 'pending',
      email: invitation?.email,
      expiresAt: invitation?.expiresAt,
      values: { displayName: invitation?.displayName ?? '' },
      ...extra,
    });
  }

  router.get('/invite', (ctx) => show(ctx, typeof ctx.query.token === 'string' ? ctx.query.token : ''));

  router.post('/invite', async (ctx) => {
    const token = formField(ctx, 'token');
    const values = { username: formField(ctx, 'username'), displayName: formField(ctx, 'displayName') };
    try {
      const user = await invitations.accept(
        token,
        { ...values, password: formField(ctx, 'password'), passwordConfirmation: formField(ctx, 'passwordConfirmation') },
        ctx.ip,
      );
      await startSession(ctx, user.id);
      ctx.redirect('/');
    } catch (error) {
      // The link went stale (expired, revoked, re-sent, used): the page says which.
      if (error instanceof DomainError && error.code === 'E_FORBIDDEN') return show(ctx, token);
      const errors = fieldErrors(ctx, error);
      await show(ctx, token, { values, errors });
      if (ctx.status === 200) ctx.status = 422;
    }
  });

  return router;
}
