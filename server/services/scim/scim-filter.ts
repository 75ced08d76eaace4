/**
 * SCIM list filters: parsed by SCIMMY, then checked against the resource's
 * schema (an unknown attribute or a comparison without a value is a 400
 * invalidFilter, not an empty list that would make an identity provider
 * create a duplicate), and reduced, when it is the simple `attr eq "value"`
 * identity providers send, to a lookup the database can answer.
 */
import { SCIMMY, scimError } from './scim-protocol.js';

/** A filter the database answers directly; anything else is matched in memory. */
export type FilterLookup = { attribute: 'id' | 'externalId' | 'userName' | 'displayName'; value: string } | null;

export interface ParsedFilter {
  filter: SCIMMY.Types.Filter;
  lookup: FilterLookup;
}

const UNARY = new Set(['pr', 'np']);
const LOOKUP_ATTRIBUTES = new Set(['id', 'externalId', 'userName', 'displayName']);

type Definition = typeof SCIMMY.Schemas.User.definition;

function checkExpression(expression: Record<string, unknown>, definition: Definition, prefix: string, text: string): void {
  for (const [key, comparison] of Object.entries(expression)) {
    const path = `${prefix}${key}`;
    try {
      definition.attribute(path);
    } catch {
      throw scimError(400, 'invalidFilter', `Unknown attribute '${path}' in filter '${text}'`);
    }
    if (Array.isArray(comparison)) {
      const [operator, ...rest] = comparison[0] === 'not' ? comparison.slice(1) : comparison;
      if (typeof operator !== 'string' || (!UNARY.has(operator.toLowerCase()) && rest.length === 0)) {
        throw scimError(400, 'invalidFilter', `Comparison on '${path}' has no value in filter '${text}'`);
      }
    } else if (comparison !== null && typeof comparison === 'object') {
      checkExpression(comparison as Record<string, unknown>, definition, `${path}.`, text);
    }
  }
}

function lookupOf(filter: SCIMMY.Types.Filter): FilterLookup {
  if (filter.length !== 1) return null;
  const entries = Object.entries(filter[0] as Record<string, unknown>);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) return null;
  const [attribute, comparison] = entry;
  if (!LOOKUP_ATTRIBUTES.has(attribute) || !Array.isArray(comparison) || comparison.length !== 2) return null;
  const [operator, value] = comparison as [unknown, unknown];
  if (typeof operator !== 'string' || operator.toLowerCase() !== 'eq' || typeof value !== 'string') return null;
  return { attribute: attribute as NonNullable<FilterLookup>['attribute'], value };
}

/** Parses and checks `?filter=`; null when there is none. */
export function parseFilter(text: string | undefined, definition: Definition): ParsedFilter | null {
  if (text === undefined) return null;
  if (text.trim() === '') throw scimError(400, 'invalidFilter', 'The filter is empty');
  let filter: SCIMMY.Types.Filter;
  try {
    filter = new SCIMMY.Types.Filter(text);
  } catch (error) {
    throw scimError(400, 'invalidFilter', error instanceof Error ? error.message : `Invalid filter '${text}'`);
  }
  for (const expression of filter) checkExpression(expression as Record<string, unknown>, definition, '', text);
  return { filter, lookup: lookupOf(filter) };
}
