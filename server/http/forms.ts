/** Small helpers for HTML form posts: reading fields, showing errors beside them. */
import { DomainError } from '../domain/errors.js';
import type { AppContext } from './context.js';

export function formField(ctx: AppContext, name: string): string {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated field (a group of checkboxes); none checked is an empty list. */
export function formValues(ctx: AppContext, name: string): string[] {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
}

/** A validation error becomes `{ errors: { field: message } }` for the template; anything else propagates. */
export function fieldErrors(ctx: AppContext, error: unknown): Record<string, string> {
  if (!(error instanceof DomainError) || !error.field) throw error;
  return { [error.field]: ctx.state.t(`errors.${error.code}.${error.field}`, { defaultValue: error.message }) };
}
