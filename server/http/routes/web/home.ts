/** The signed-in home page. Timelines arrive with the microblog core. */
import Router from '@koa/router';
import type { AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';

export function homeRoutes(deps: { renderer: Renders }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/', requireUser, (ctx) => {
    renderPage(ctx, deps.renderer, 'home', { title: ctx.state.t('home.title') });
  });
  return router;
}
