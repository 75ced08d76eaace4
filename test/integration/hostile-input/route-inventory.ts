/**
 * Every route the app serves, read from the routers createApp mounted
 * (@koa/router's dispatch middleware carries its router), so a route added
 * tomorrow is in the hostile-input test without anyone listing it.
 */
import type Router from '@koa/router';
import type Koa from 'koa';

export interface RegisteredRoute {
  method: string;
  /** The path template, e.g. `/api/v1/statuses/:id`. */
  path: string;
  paramNames: string[];
}

const routerOf = (middleware: unknown): Router | null => {
  const router = (middleware as { router?: unknown }).router;
  return typeof router === 'object' && router !== null && 'stack' in router ? (router as Router) : null;
};

export function registeredRoutes<S>(app: Koa<S>): RegisteredRoute[] {
  const routes = new Map<string, RegisteredRoute>();
  for (const router of app.middleware.map(routerOf)) {
    if (!router) continue;
    for (const layer of router.stack) {
      if (typeof layer.path !== 'string') continue;
      // HEAD is GET without a body (the router adds it); a route without methods is router.use() middleware.
      for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
        routes.set(`${method} ${layer.path}`, { method, path: layer.path, paramNames: layer.paramNames.map((p) => String(p.name)) });
      }
    }
  }
  return [...routes.values()];
}
