/** The query parameters of SCIM reads (RFC 7644 §3.4.2): filter, paging and which attributes to return. */
import { MAX_RESULTS, SCIMMY, scimError } from './scim-protocol.js';

export interface ScimQuery {
  filter?: string;
  /** 1-based. */
  startIndex: number;
  count: number;
  attributes?: string;
  excludedAttributes?: string;
}

/** Reads the query string's values; a non-numeric startIndex or count is a 400 naming it. */
export function scimQueryOf(raw: Record<string, string | string[] | undefined>): ScimQuery {
  const one = (name: string): string | undefined => {
    const value = raw[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const integer = (name: string, fallback: number): number => {
    const text = one(name);
    if (text === undefined || text === '') return fallback;
    if (!/^-?\d{1,9}$/.test(text)) throw scimError(400, 'invalidValue', `${name} must be an integer`);
    return Number(text);
  };
  return {
    filter: one('filter'),
    startIndex: Math.max(1, integer('startIndex', 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, integer('count', 100))),
    attributes: one('attributes'),
    excludedAttributes: one('excludedAttributes'),
  };
}

/** SCIMMY's form of `attributes` / `excludedAttributes` (attributes wins, as RFC 7644 says). */
export function projectionOf(query: Pick<ScimQuery, 'attributes' | 'excludedAttributes'>): SCIMMY.Types.Filter | undefined {
  const names = (text: string) => text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  try {
    if (query.attributes) return new SCIMMY.Types.Filter(names(query.attributes).map((name) => `${name} pr`).join(' and '));
    if (query.excludedAttributes) return new SCIMMY.Types.Filter(names(query.excludedAttributes).map((name) => `${name} np`).join(' and '));
  } catch (error) {
    throw scimError(400, 'invalidValue', error instanceof Error ? error.message : 'Invalid attributes');
  }
  return undefined;
}

/** The page of `items` the query asks for. */
export function pageOf<T>(items: readonly T[], query: ScimQuery): T[] {
  return items.slice(query.startIndex - 1, query.startIndex - 1 + query.count);
}
