/**
 * First-run setup: creates the first administrator, only for whoever holds
 * the one-time link the server printed in its log; without it the page
 * says where to find it (403) and creates nobody. Refuses once an
 * administrator exists.
 */
import Router from '@koa/router';
import { DomainError } from '../../../domain/errors.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import type { PeopleServices } from '../../../services/people/people-services.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requestActor } from '../../request-actor.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { startSession } from './sign-in.js';

const setupDone = () => new DomainError('E_SETUP_DONE', 'Warble is already set up', 403);

export function setupRoutes(deps: { renderer: Renders; people: PeopleServices; audit: AuditLog }): Router<AppState> {
  const router = new Router<AppState>();

  const showLocked = (ctx: AppContext) => {
    ctx.status = 403;
    renderPage(ctx, deps.renderer, 'setup-locked', { title: ctx.state.t('setup.title'), signedIn: Boolean(ctx.state.user) });
  };

  const showForm = (ctx: AppContext, token: string, values: Record<string, string>, errors?: Record<string, string>) =>
    renderPage(ctx, deps.renderer, 'setup', { title: ctx.state.t('setup.title'), token, values, errors });

  router.get('/setup', async (ctx) => {
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    const state = await deps.people.setupTokens.state(token);
    if (state === 'done') throw setupDone();
    if (state === 'invalid') return showLocked(ctx);
    showForm(ctx, token, {});
  });

  router.post('/setup', async (ctx) => {
    const token = formField(ctx, 'token');
    const state = await deps.people.setupTokens.state(token);
    if (state === 'done') throw setupDone();
    if (state === 'invalid') return showLocked(ctx);
    const values = { username: formField(ctx, 'username'), displayName: formField(ctx, 'displayName') };
    try {
      const admin = await deps.people.setupTokens.complete(token, {
        ...values,
        password: formField(ctx, 'password'),
        passwordConfirmation: formField(ctx, 'passwordConfirmation'),
      });
      await deps.audit.record({
        action: 'user.created',
        ...requestActor(ctx),
        actorId: admin.id,
        actorLabel: admin.username,
        targetType: 'user',
        targetId: admin.id,
        detail: { username: admin.username, isAdmin: true, via: 'setup link' },
      });
      await startSession(ctx, admin.id);
      ctx.redirect('/');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'E_SETUP_DONE') throw error;
      // Spent by a concurrent request between the check and the write.
      if (error instanceof DomainError && error.code === 'E_FORBIDDEN') return showLocked(ctx);
      ctx.status = 422;
      showForm(ctx, token, values, fieldErrors(ctx, error));
    }
  });
  return router;
}
