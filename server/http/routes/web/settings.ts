/** Personal settings: for now the interface language. */
import Router from '@koa/router';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { validationError } from '../../../domain/errors.js';
import type { AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';

const LANGUAGE_CHOICES = ['', 'en', 'fr'];

export function settingsRoutes(deps: { renderer: Renders; users: UserRepository }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/settings', requireUser, (ctx) => {
    renderPage(ctx, deps.renderer, 'settings', {
      title: ctx.state.t('settings.title'),
      locale: ctx.state.user?.locale ?? '',
      saved: ctx.query.saved === '1',
    });
  });
  router.post('/settings', requireUser, async (ctx) => {
    const locale = formField(ctx, 'locale');
    if (!LANGUAGE_CHOICES.includes(locale)) throw validationError('locale', 'Unknown language');
    await deps.users.setLocale(ctx.state.user!.id, locale === '' ? null : locale);
    ctx.redirect('/settings?saved=1');
  });
  return router;
}
