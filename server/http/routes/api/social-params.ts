/** Reading the parameters the social routes share: repeated query values, the signed-in user, boolean flags. */
import type { UserModel } from '../../../db/models/user.js';
import { DomainError } from '../../../domain/errors.js';
import type { AppContext } from '../../context.js';

/** `name[]=a&name[]=b`, `name=a` or `name[0]=a` alike, as Mastodon clients send lists. */
export function queryList(ctx: AppContext, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(ctx.query)) {
    if (key !== name && key !== `${name}[]` && !new RegExp(`^${name}\\[\\d+\\]$`).test(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string' && item !== '') values.push(item);
  }
  return values;
}

/** The signed-in person (routes put requireUser first, so this only guards the types). */
export function signedInUser(ctx: AppContext): UserModel {
  const user = ctx.state.user;
  if (!user) throw new DomainError('E_UNAUTHENTICATED', 'Sign in first', 401);
  return user;
}

/** Mastodon's boolean parameters: true, 1, on (any case). */
export function isTrueParam(value: unknown): boolean {
  return typeof value === 'string' && /^(true|1|on)$/i.test(value);
}

/** A path parameter (router params are always present on their route). */
export function param(ctx: { params: Record<string, string> }, name: string): string {
  return ctx.params[name] ?? '';
}
