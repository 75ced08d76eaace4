/** First-run setup: creates the first administrator, and refuses once one exists. */
import Router from '@koa/router';
import type { LocalUserCreateService } from '../../../services/local-user-create.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { DomainError } from '../../../domain/errors.js';
import type { AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { startSession } from './sign-in.js';

const setupDone = () => new DomainError('E_SETUP_DONE', 'Warble is already set up', 403);

export function setupRoutes(deps: {
  renderer: Renders;
  users: UserRepository;
  localUsers: LocalUserCreateService;
}): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/setup', async (ctx) => {
    if (await deps.users.adminExists()) throw setupDone();
    renderPage(ctx, deps.renderer, 'setup', { title: ctx.state.t('setup.title'), values: {} });
  });
  router.post('/setup', async (ctx) => {
    const values = { username: formField(ctx, 'username'), displayName: formField(ctx, 'displayName') };
    try {
      const admin = await deps.localUsers.create(
        {
          ...values,
          password: formField(ctx, 'password'),
          passwordConfirmation: formField(ctx, 'passwordConfirmation'),
          isAdmin: true,
        },
        { onlyIfNoAdmin: true },
      );
      await startSession(ctx, admin.id);
      ctx.redirect('/');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'E_SETUP_DONE') throw error;
      ctx.status = 422;
      renderPage(ctx, deps.renderer, 'setup', {
        title: ctx.state.t('setup.title'),
        values,
        errors: fieldErrors(ctx, error),
      });
    }
  });
  return router;
}
