/**
 * Invitations on the administrators' People page: invite an address, re-send
 * (a new link; the old one stops working) and revoke. Administrators only;
 * the forms carry the CSRF token like every other; the use cases audit.
 */
import Router from '@koa/router';
import { DomainError } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderUsersPage, type UsersPageDeps } from './admin-users-page.js';
import { actorOf, refusalMessage } from './people-actions.js';

export function adminInvitationRoutes(deps: UsersPageDeps): Router<AppState> {
  const router = new Router<AppState>();
  const invitations = deps.people.invitations;

  const done = (ctx: AppContext, what: string, name: string) => ctx.redirect(`/admin/users?done=${what}&name=${encodeURIComponent(name)}`);

  router.post('/admin/invitations', requireAdmin, async (ctx) => {
    const inviteValues = { email: formField(ctx, 'email'), displayName: formField(ctx, 'displayName'), isAdmin: formField(ctx, 'isAdmin') === 'on' };
    // Invitations make local accounts: the policy that allows directory accounts only forbids them as it forbids "Add account".
    if (deps.instanceSettings.current().signUpPolicy === 'directory') {
      ctx.status = 422;
      await renderUsersPage(ctx, deps, { inviteValues, inviteErrors: { email: ctx.state.t('admin.users.directoryOnly') } });
      return;
    }
    try {
      const sent = await invitations.invite(actorOf(ctx), inviteValues);
      done(ctx, sent.mailed ? 'invited' : 'inviteNotMailed', sent.invitation.email);
    } catch (error) {
      ctx.status = 422;
      await renderUsersPage(ctx, deps, { inviteValues, inviteErrors: fieldErrors(ctx, error) });
    }
  });

  router.post('/admin/invitations/:id/resend', requireAdmin, async (ctx) => {
    try {
      const sent = await invitations.resend(actorOf(ctx), ctx.params.id ?? '');
      done(ctx, sent.mailed ? 'inviteResent' : 'inviteNotMailed', sent.invitation.email);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) throw error;
      ctx.status = 422;
      await renderUsersPage(ctx, deps, { actionError: refusalMessage(ctx, error) });
    }
  });

  router.post('/admin/invitations/:id/revoke', requireAdmin, async (ctx) => {
    const invitation = await invitations.revoke(actorOf(ctx), ctx.params.id ?? '');
    done(ctx, 'inviteRevoked', invitation.email);
  });

  return router;
}
