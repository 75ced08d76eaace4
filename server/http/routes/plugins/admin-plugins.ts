/** /admin/plugins: the loaded plugins, their state, hooks, routes, jobs and recent errors; one page per plugin with its panel. */
import Router from '@koa/router';
import { notFound } from '../../../domain/errors.js';
import type { PluginHost } from '../../../plugins/plugin-host.js';
import type { AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';

export function adminPluginRoutes(deps: { renderer: Renders; plugins: PluginHost }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/admin/plugins', requireAdmin, (ctx) => {
    renderPage(ctx, deps.renderer, 'admin/plugins', { title: ctx.state.t('admin.plugins.title'), plugins: deps.plugins.list() });
  });
  router.get('/admin/plugins/:id', requireAdmin, async (ctx) => {
    const plugin = deps.plugins.list().find((candidate) => candidate.id === ctx.params.id);
    if (!plugin) throw notFound('Plugin');
    renderPage(ctx, deps.renderer, 'admin/plugins', {
      title: `${ctx.state.t('admin.plugins.title')} · ${plugin.name}`,
      plugins: [plugin],
      detail: true,
      panel: await deps.plugins.adminPanel(plugin.id),
    });
  });
  return router;
}
