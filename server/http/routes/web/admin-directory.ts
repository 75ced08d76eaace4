/**
 * /admin/directory: is directory sign-in set up and working? Shows the
 * settings in effect, the last syncs and their counts, and offers "sync now"
 * and "test connection" (the web twin of `warble ldap test`).
 */
import Router from '@koa/router';
import type { DirectoryTestReport } from '../../../auth/ldap/directory-types.js';
import type { Container } from '../../../container.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';

type Deps = Pick<Container, 'renderer' | 'directory' | 'syncRuns' | 'users' | 'groups'>;

export function adminDirectoryRoutes(deps: Deps): Router<AppState> {
  const router = new Router<AppState>();

  async function show(ctx: AppContext, extra: { testReport?: DirectoryTestReport } = {}) {
    const directory = deps.directory;
    if (!directory) {
      renderPage(ctx, deps.renderer, 'admin/directory', { title: ctx.state.t('admin.directory.title'), enabled: false });
      return;
    }
    const { settings } = directory;
    const [runs, lastSucceeded, accounts, groupCount] = await Promise.all([
      deps.syncRuns.recent(10),
      deps.syncRuns.lastSucceeded(),
      deps.users.directoryAccountCounts(),
      deps.groups.count({ source: 'ldap' }),
    ]);
    renderPage(ctx, deps.renderer, 'admin/directory', {
      title: ctx.state.t('admin.directory.title'),
      enabled: true,
      settings: {
        urls: settings.urls.join(', '),
        preset: settings.preset,
        startTls: settings.startTls,
        baseDn: settings.baseDn,
        userFilter: settings.userFilter,
        groupFilter: settings.groupFilter,
        adminGroup: settings.adminGroup,
        syncIntervalMinutes: settings.syncIntervalMinutes,
      },
      lastSync: lastSucceeded?.get({ plain: true }),
      runs: runs.map((run) => run.get({ plain: true })),
      accounts,
      groupCount,
      synced: ctx.query.synced,
      testReport: extra.testReport,
    });
  }

  router.get('/admin/directory', requireAdmin, (ctx) => show(ctx));
  router.post('/admin/directory/sync', requireAdmin, async (ctx) => {
    if (!deps.directory) return ctx.redirect('/admin/directory');
    const report = await deps.directory.sync.run('admin');
    ctx.state.log.info({ event: 'admin.directory.sync', by: ctx.state.user?.id, status: report.status }, 'directory sync requested');
    ctx.redirect(`/admin/directory?synced=${report.status}`);
  });
  router.post('/admin/directory/test', requireAdmin, async (ctx) => {
    if (!deps.directory) return ctx.redirect('/admin/directory');
    await show(ctx, { testReport: await deps.directory.client.test() });
  });
  return router;
}
