/**
 * What Entra ID and Okta actually send, made into the RFC 7644 PATCH SCIMMY
 * applies. Three habits, each documented by Microsoft ("Known issues and
 * resolutions with SCIM 2.0 protocol compliance"):
 *
 * - booleans as strings: `{"op":"Replace","path":"active","value":"False"}`;
 * - the enterprise manager as `[{"value":"id"}]` or `"id"` instead of `{"value":"id"}`;
 * - `emails[type eq "work"].value` added or replaced when the person has no
 *   work address yet, which RFC 7644 §3.5.2 calls a noTarget error but
 *   Entra means as "add a work address".
 *
 * Capitalised ops ("Replace") and Okta's path-less `{"op":"replace","value":{"active":false}}`
 * need nothing here: SCIMMY accepts both.
 */
import type { SCIMMY } from './scim-protocol.js';

type Json = Record<string, unknown>;
/** A PatchOp request body as SCIMMY takes it (SCIMMY checks the shape itself and answers 400 when it is wrong). */
export type PatchOpBody = ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "True"/"False" (any case) as booleans; anything else unchanged. */
function booleanOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}

function managerOf(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return { value: first };
  if (isObject(first)) return { value: first.value };
  return first;
}

const FILTERED_SUB_ATTRIBUTE = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/i;

/** An add/replace of `attr[type eq "x"].sub` where no such element exists, as an add of the element. */
function missingTypedValue(operation: Json, current: Json): Json | null {
  const op = String(operation.op).toLowerCase();
  if ((op !== 'add' && op !== 'replace') || typeof operation.path !== 'string') return null;
  const match = FILTERED_SUB_ATTRIBUTE.exec(operation.path);
  if (!match) return null;
  const [, attribute, type, sub] = match as unknown as [string, string, string, string];
  const existing = current[attribute];
  const present = Array.isArray(existing) && existing.some((entry) => isObject(entry) && String(entry.type).toLowerCase() === type.toLowerCase());
  if (present) return null;
  return { op: 'add', path: attribute, value: [{ type, [sub]: operation.value }] };
}

function normaliseOperation(operation: unknown, current: Json): unknown {
  if (!isObject(operation)) return operation;
  const path = typeof operation.path === 'string' ? operation.path.toLowerCase() : undefined;
  if (path === 'active') return { ...operation, value: booleanOf(operation.value) };
  if (path?.endsWith(':manager') && operation.value !== undefined) return { ...operation, value: managerOf(operation.value) };
  if (path === undefined && isObject(operation.value) && 'active' in operation.value) {
    return { ...operation, value: { ...operation.value, active: booleanOf(operation.value.active) } };
  }
  return missingTypedValue(operation, current) ?? operation;
}

/** The PatchOp body with the identity providers' habits normalised; anything malformed is left for SCIMMY to refuse. */
export function normalisePatch(body: unknown, current: Json): PatchOpBody {
  if (!isObject(body) || !Array.isArray(body.Operations)) return body as PatchOpBody;
  return { ...body, Operations: body.Operations.map((operation: unknown) => normaliseOperation(operation, current)) } as PatchOpBody;
}

/** A POST/PUT body's `active` as a boolean when Entra sent it as a string. */
export function normaliseResource(body: unknown): unknown {
  if (!isObject(body) || !('active' in body)) return body;
  return { ...body, active: booleanOf(body.active) };
}
