/**
 * Reading the parameters of the statuses and media endpoints from JSON or
 * form bodies, the way Mastodon clients send them (`media_ids[]=…` in forms,
 * `media_ids: […]` in JSON). A wrongly typed value is a 422 naming the field.
 */
import { notFound, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import type { AppContext } from '../../context.js';

function body(ctx: AppContext): Record<string, unknown> {
  const value = ctx.request.body as unknown;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** A text field; undefined when absent or null. */
export function textParam(ctx: AppContext, name: string): string | undefined {
  const value = body(ctx)[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(name, `${name} must be text`);
  return value;
}

/** A list field, accepting `name` and `name[]`, a single value or an array. */
export function listParam(ctx: AppContext, name: string): string[] {
  const fields = body(ctx);
  const value = fields[name] ?? fields[`${name}[]`];
  if (value === undefined || value === null || value === '') return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((item): item is string => typeof item === 'string')) throw validationError(name, `${name} must be a list of ids`);
  return values;
}

/** The `:id` of the path when it can be a post id; anything else cannot exist (404). */
export function statusIdParam(ctx: AppContext): string {
  const id = ctx.params.id ?? '';
  if (!isId(id)) throw notFound('Status');
  return id;
}
