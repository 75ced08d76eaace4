/**
 * GET /Users and GET /Groups: one page of live SCIM resources. Without a
 * filter the database pages; an identifying `attr eq "value"` is one
 * indexed lookup; any other filter is matched by SCIMMY in memory over at
 * most IN_MEMORY_FILTER_LIMIT resources (identity providers send the simple form).
 */
import type { ScimResourceModel, ScimResourceType } from '../../db/models/scim-resource.js';
import type { ScimRepository } from '../../db/repositories/scim-repository.js';
import { parseFilter, type FilterLookup } from './scim-filter.js';
import { listResponse, type SCIMMY, type ScimListResponse } from './scim-protocol.js';
import { pageOf, projectionOf, type ScimQuery } from './scim-query.js';

type Json = Record<string, unknown>;

const IN_MEMORY_FILTER_LIMIT = 5000;

export interface ListSource {
  type: ScimResourceType;
  definition: typeof SCIMMY.Schemas.User.definition;
  /** The records an identifying lookup finds, or null when this resource cannot look that attribute up. */
  lookUp(lookup: NonNullable<FilterLookup>): Promise<ScimResourceModel[]> | null;
  /** False when the lookup already has the filter's exact semantics (userName compares case-insensitively; SCIMMY's match would not). */
  rematchLookups: boolean;
  represent(records: readonly ScimResourceModel[]): Promise<Json[]>;
  /** The outgoing SCIM form (SCIMMY's schema with its attribute projection). */
  out(resource: Json, projection: SCIMMY.Types.Filter | undefined): unknown;
}

export async function listResources(scim: ScimRepository, source: ListSource, query: ScimQuery): Promise<ScimListResponse> {
  const parsed = parseFilter(query.filter, source.definition);
  const projection = projectionOf(query);
  const out = (resource: Json) => source.out(resource, projection);
  if (!parsed) {
    const [total, records] = await Promise.all([scim.countLive(source.type), scim.listLive(source.type, query.startIndex - 1, query.count)]);
    return listResponse((await source.represent(records)).map(out), total, query.startIndex);
  }
  const looked = parsed.lookup ? source.lookUp(parsed.lookup) : null;
  const records = await (looked ?? scim.listLive(source.type, 0, IN_MEMORY_FILTER_LIMIT));
  const resources = await source.represent(records);
  const matching = looked && !source.rematchLookups ? resources : (parsed.filter.match(resources) as Json[]);
  return listResponse(pageOf(matching, query).map(out), matching.length, query.startIndex);
}
