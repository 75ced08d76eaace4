/**
 * SCIMMY, the SCIM 2.0 library Warble uses for the protocol's parts: the
 * core User/Group and enterprise extension schemas (coercion in and out),
 * the filter parser, PATCH application, error messages and the discovery
 * resources (ServiceProviderConfig, ResourceTypes, Schemas). Its registry and
 * configuration are process-wide, so they are set here once; everything
 * per-instance (database, base URL) is passed by the callers instead.
 */
import SCIMMY from 'scimmy';

export { SCIMMY };

/** Where the discovery resources say the endpoints are (relative: the base URL differs per instance). */
const BASE_PATH = '/scim/v2';

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** Largest page; also what a filter that cannot be narrowed in the database reads at most. */
export const MAX_RESULTS = 200;

let ready = false;

/** Declares the resources Warble serves and what it supports; idempotent. */
export function ensureScimProtocol(): void {
  if (ready) return;
  ready = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  SCIMMY.Resources.User.basepath(BASE_PATH);
  SCIMMY.Resources.Group.basepath(BASE_PATH);
  SCIMMY.Resources.Schema.basepath(BASE_PATH);
  SCIMMY.Resources.ResourceType.basepath(BASE_PATH);
  SCIMMY.Resources.ServiceProviderConfig.basepath(BASE_PATH);
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: MAX_RESULTS },
    bulk: false,
    changePassword: false,
    sort: false,
    // meta.version is given, but If-Match is not honoured.
    etag: false,
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The token set in auth.scim.token, sent as Authorization: Bearer <token>',
      },
    ],
  });
}

/** A SCIM error (RFC 7644 §3.12): rendered as urn:ietf:params:scim:api:messages:2.0:Error. */
export const scimError = (status: number, scimType: string | null, detail: string): SCIMMY.Types.SCIMError =>
  new SCIMMY.Types.Error(status, scimType as string, detail);

export const isScimError = (error: unknown): error is SCIMMY.Types.SCIMError => error instanceof SCIMMY.Types.Error;

/** One page of a list (RFC 7644 §3.4.2). */
export interface ScimListResponse {
  schemas: [typeof LIST_RESPONSE];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: unknown[];
}

export function listResponse(resources: unknown[], totalResults: number, startIndex: number): ScimListResponse {
  return { schemas: [LIST_RESPONSE], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** GET /ServiceProviderConfig, /ResourceTypes[/id] and /Schemas[/id], answered by SCIMMY from what was declared. */
export async function readDiscovery(kind: 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas', id?: string): Promise<unknown> {
  ensureScimProtocol();
  if (kind === 'ServiceProviderConfig') return new SCIMMY.Resources.ServiceProviderConfig().read();
  if (kind === 'ResourceTypes') return (id ? new SCIMMY.Resources.ResourceType(id) : new SCIMMY.Resources.ResourceType()).read();
  return (id ? new SCIMMY.Resources.Schema(id) : new SCIMMY.Resources.Schema()).read();
}
