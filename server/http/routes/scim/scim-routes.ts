/**
 * SCIM 2.0 at /scim/v2 (RFC 7644) for identity providers (Entra ID, Okta):
 * Users, Groups and the discovery resources. Mounted ahead of sessions,
 * CSRF and the setup gate: a SCIM call carries no cookie, only the bearer
 * token of auth.scim.token. Every answer, errors included, is
 * application/scim+json; an error is a urn:ietf:params:scim:api:messages:2.0:Error.
 */
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import type { WarbleConfig } from '../../../config/schema.js';
import type { Logger } from '../../../logging/logger.js';
import { isScimError, readDiscovery, SCIMMY, scimError } from '../../../services/scim/scim-protocol.js';
import { scimQueryOf } from '../../../services/scim/scim-query.js';
import type { ScimServices } from '../../../services/scim/scim-services.js';
import type { AppContext, AppMiddleware, AppState } from '../../context.js';
import type { ScimAuthenticator } from '../../../auth/scim-authenticator.js';
import { textInputRule } from '../../middleware/text-input.js';

export const SCIM_PREFIX = '/scim/v2';
const SCIM_TYPE = 'application/scim+json';

export interface ScimRouteDeps {
  config: WarbleConfig;
  logger: Logger;
  scim: ScimServices;
  authenticator: ScimAuthenticator;
}

const isScimPath = (path: string) => path === SCIM_PREFIX || path.startsWith(`${SCIM_PREFIX}/`);

/** Koa's body parser errors (bad JSON, too large) carry a status; anything else is ours (500). */
function scimErrorOf(error: unknown): SCIMMY.Types.SCIMError | null {
  if (isScimError(error)) return error;
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status < 500) {
    const message = error instanceof Error ? error.message : 'Invalid request';
    // SCIM has no 422: a refused value (the text-input rule) is its 400 invalidValue.
    if (error.status === 422) return scimError(400, 'invalidValue', message);
    return scimError(error.status, error.status === 400 ? 'invalidSyntax' : null, message);
  }
  return null;
}

/**
 * RFC 7644 §3.12's error message. Written here rather than with SCIMMY's
 * ErrorResponse, which refuses statuses outside the RFC's table (429).
 */
function errorBody(error: SCIMMY.Types.SCIMError) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  };
}

function send(ctx: AppContext, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = SCIM_TYPE;
  ctx.body = body;
}

/** Location and ETag from the resource's meta, as RFC 7644 §3.1 and §3.14 ask. */
function sendResource(ctx: AppContext, status: number, resource: { meta?: { location?: string; version?: string } }): void {
  if (resource.meta?.location && status === 201) ctx.set('Location', resource.meta.location);
  if (resource.meta?.version) ctx.set('ETag', resource.meta.version);
  send(ctx, status, resource);
}

function resourceRoutes(router: Router<AppState>, path: '/Users' | '/Groups', service: ScimServices['users'] | ScimServices['groups'], baseUrl: (ctx: AppContext) => string): void {
  router.get(path, async (ctx) => send(ctx, 200, await service.list(scimQueryOf(ctx.query), baseUrl(ctx))));
  router.post(path, async (ctx) => sendResource(ctx, 201, await service.create(ctx.request.body, baseUrl(ctx))));
  router.get(`${path}/:id`, async (ctx) => sendResource(ctx, 200, await service.get(ctx.params.id ?? '', baseUrl(ctx), scimQueryOf(ctx.query))));
  router.put(`${path}/:id`, async (ctx) => sendResource(ctx, 200, await service.replace(ctx.params.id ?? '', ctx.request.body, baseUrl(ctx))));
  router.patch(`${path}/:id`, async (ctx) => sendResource(ctx, 200, await service.patch(ctx.params.id ?? '', ctx.request.body, baseUrl(ctx))));
  router.delete(`${path}/:id`, async (ctx) => {
    await service.remove(ctx.params.id ?? '');
    ctx.status = 204;
  });
}

/** The whole /scim/v2 tree as one middleware; other paths pass through untouched. */
export function scimRoutes(deps: ScimRouteDeps): AppMiddleware {
  const baseUrl = (ctx: AppContext) => `${deps.config.publicUrl || ctx.origin}${SCIM_PREFIX}`;
  const router = new Router<AppState>({ prefix: SCIM_PREFIX });
  router.get('/ServiceProviderConfig', async (ctx) => send(ctx, 200, await readDiscovery('ServiceProviderConfig')));
  router.get('/ResourceTypes', async (ctx) => send(ctx, 200, await readDiscovery('ResourceTypes')));
  router.get('/ResourceTypes/:id', async (ctx) => send(ctx, 200, await readDiscovery('ResourceTypes', ctx.params.id)));
  router.get('/Schemas', async (ctx) => send(ctx, 200, await readDiscovery('Schemas')));
  router.get('/Schemas/:id', async (ctx) => send(ctx, 200, await readDiscovery('Schemas', ctx.params.id)));
  resourceRoutes(router, '/Users', deps.scim.users, baseUrl);
  resourceRoutes(router, '/Groups', deps.scim.groups, baseUrl);
  const dispatch = router.routes();
  const parseBody = bodyParser({ enableTypes: ['json'], jsonLimit: `${deps.config.http.bodyLimitKb}kb`, encoding: 'utf-8' });
  // The rule every other route gets (no control characters, no lone surrogates), here answered as SCIM errors.
  const textInput = textInputRule();
  const noEndpoint = async () => {
    throw scimError(404, null, 'No SCIM endpoint here');
  };

  return async (ctx, next) => {
    if (!isScimPath(ctx.path)) return next();
    try {
      await deps.authenticator.authenticate(ctx);
      await parseBody(ctx, async () => undefined);
      await textInput(ctx, async () => undefined);
      // The router adds params and router to the context itself.
      await dispatch(ctx as Parameters<typeof dispatch>[0], noEndpoint);
    } catch (error) {
      const known = scimErrorOf(error);
      if (!known) ctx.state.log.error({ err: error, event: 'scim.failed' }, 'SCIM request failed');
      const answer = known ?? scimError(500, null, 'Internal error');
      send(ctx, answer.status, errorBody(answer));
    }
  };
}
