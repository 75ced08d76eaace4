/**
 * Mounts plugins' HTTP routes under /plugins/<id>/. A plugin handler gets a
 * plain PluginRequest and returns a PluginResponse: it never sees the Koa
 * context. Routes with auth 'none' are public (their own secret, e.g. a
 * webhook token) and never receive the cookie identity.
 */
import Router from '@koa/router';
import { forbidden } from '../../../domain/errors.js';
import type { PluginRequest } from '../../../plugins/api.js';
import type { PluginHost, PluginRoute } from '../../../plugins/plugin-host.js';
import { toPluginUser } from '../../../plugins/plugin-reads.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin, requireUser } from '../../middleware/access.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import { requestActor } from '../../request-actor.js';

function stringRecord(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
  }
  return out;
}

async function handle(route: PluginRoute, host: PluginHost, ctx: AppContext, audit?: AuditLog): Promise<void> {
  const request: PluginRequest = {
    method: ctx.method,
    path: ctx.path.slice(`/plugins/${route.pluginId}`.length) || '/',
    params: { ...(ctx.params as Record<string, string>) },
    query: stringRecord(ctx.query as Record<string, unknown>),
    headers: stringRecord(ctx.headers as Record<string, unknown>),
    body: structuredClone(ctx.request.body ?? null),
    user: route.auth !== 'none' && ctx.state.user ? toPluginUser(ctx.state.user) : null,
  };
  if (route.auth === 'admin' && !request.user?.isAdmin) throw forbidden('Administrators only');
  let response;
  try {
    response = await route.handler(request);
  } catch (error) {
    host.recordRouteError(route, error);
    throw error;
  }
  if (route.auth === 'admin' && ctx.method !== 'GET') {
    // An administrator changed a plugin's state (e.g. created a webhook). The body is not recorded: it can hold secrets.
    await audit?.record({
      action: 'plugin.changed',
      ...requestActor(ctx),
      targetType: 'plugin',
      targetId: route.pluginId,
      detail: { path: request.path },
    });
  }
  if ('redirect' in response) {
    // Only back into Warble: a plugin cannot turn its route into an open redirect.
    ctx.redirect(response.redirect.startsWith('/') && !response.redirect.startsWith('//') ? response.redirect : '/');
    return;
  }
  ctx.status = response.status ?? 200;
  if ('json' in response) ctx.body = response.json ?? null;
  else {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = response.text;
  }
}

export function pluginRoutes(deps: { plugins: PluginHost; audit?: AuditLog }): Router<AppState> {
  const router = new Router<AppState>();
  for (const route of deps.plugins.routes) {
    const guards = route.auth === 'admin' ? [requireAdmin] : route.auth === 'user' ? [requireUser] : [];
    const method = route.method === 'GET' ? 'get' : 'post';
    router[method](route.path, ...guards, (ctx) => handle(route, deps.plugins, ctx, deps.audit));
  }
  return router;
}
