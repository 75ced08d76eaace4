/**
 * Search in Mastodon's shape (`GET /api/v2/search`: accounts, statuses,
 * hashtags, plus Warble's `groups`) and Warble's saved searches
 * (`/api/v1/saved_searches`). Documented in docs/api.md and docs/search.md.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { DomainError, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import type { SavedSearch } from '../../../services/search/saved-searches.js';
import { SEARCH_TYPES, searchLimit, type SearchType } from '../../../services/search/search-service.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { bodyField } from './request-body.js';
import { isTrueParam, param, signedInUser } from './social-params.js';

/** A saved search as the API shows it. */
function toApiSavedSearch(search: SavedSearch) {
  return { id: search.id, query: search.query, watch: search.watch, created_at: search.createdAt.toISOString() };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function readOffset(value: unknown): number {
  if (value === undefined || value === '') return 0;
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) throw validationError('offset', 'offset must be a whole number from 0 to 10000');
  return offset;
}

function readType(value: unknown): SearchType | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (SEARCH_TYPES as readonly string[]).includes(value)) return value as SearchType;
  throw validationError('type', `type must be one of ${SEARCH_TYPES.join(', ')}`);
}

/** Form and JSON clients send booleans as true/false, "true"/"1"/"on". */
function readBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|1|on|false|0|off)$/i.test(value)) return isTrueParam(value);
  throw validationError(name, `${name} must be true or false`);
}

export function searchRoutes(deps: Pick<Container, 'search' | 'models' | 'config'>): Router<AppState> {
  const router = new Router<AppState>();
  const { service, savedSearches } = deps.search;

  router.get('/api/v2/search', requireUser, requireScope('read:search'), async (ctx: AppContext) => {
    const q = text(ctx.query.q)?.trim() ?? '';
    if (q === '') throw new DomainError('E_VALIDATION', 'q is required: type something to search for', 400, 'q');
    const accountId = text(ctx.query.account_id);
    if (accountId !== undefined && !isId(accountId)) throw validationError('account_id', 'account_id is not an account id');
    const results = await service.search(
      await viewerContextOf(ctx, deps.models),
      {
        q,
        type: readType(ctx.query.type),
        limit: searchLimit(ctx.query.limit),
        offset: readOffset(ctx.query.offset),
        accountId,
        following: isTrueParam(ctx.query.following),
      },
      baseUrlOf(ctx, deps.config.publicUrl),
    );
    const { people: _rows, ...shown } = results;
    ctx.body = shown;
  });

  router.get('/api/v1/saved_searches', requireUser, requireScope('read:search'), async (ctx) => {
    ctx.body = (await savedSearches.list(signedInUser(ctx).id)).map(toApiSavedSearch);
  });

  router.post('/api/v1/saved_searches', requireUser, requireScope('write:filters'), async (ctx) => {
    const query = text(bodyField(ctx, 'query'))?.trim() ?? '';
    if (query === '') throw validationError('query', 'query is required');
    const saved = await savedSearches.create(signedInUser(ctx).id, { query, watch: readBoolean(bodyField(ctx, 'watch'), 'watch') });
    ctx.body = toApiSavedSearch(saved);
  });

  router.patch('/api/v1/saved_searches/:id', requireUser, requireScope('write:filters'), async (ctx) => {
    const watch = readBoolean(bodyField(ctx, 'watch'), 'watch');
    if (watch === undefined) throw validationError('watch', 'watch is required');
    ctx.body = toApiSavedSearch(await savedSearches.setWatch(signedInUser(ctx).id, param(ctx, 'id'), watch));
  });

  router.delete('/api/v1/saved_searches/:id', requireUser, requireScope('write:filters'), async (ctx) => {
    await savedSearches.remove(signedInUser(ctx).id, param(ctx, 'id'));
    ctx.body = {};
  });

  return router;
}
