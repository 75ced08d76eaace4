/**
 * Liveness and readiness for load balancers and orchestrators.
 * /healthz: the process answers (it never touches the database, so a slow
 * database does not get healthy nodes killed). /readyz: the database answers
 * and no migration is pending.
 */
import Router from '@koa/router';
import type { AppState } from '../context.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export function healthRoutes(checks: ReadinessCheck[]): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          return { name, ...(await check()) };
        } catch (error) {
          return { name, ok: false, detail: (error as Error).message };
        }
      }),
    );
    const ready = results.every((result) => result.ok);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results.map(({ name, ...rest }) => [name, rest])) };
  });
  return router;
}
