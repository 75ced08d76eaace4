/** Shared by the people routes: who is acting, and a refusal's message in the reader's language. */
import { DomainError } from '../../../domain/errors.js';
import type { Actor } from '../../../services/people/actor.js';
import type { AppContext } from '../../context.js';
import { requestActor } from '../../request-actor.js';

export function actorOf(ctx: AppContext): Actor {
  return { ...requestActor(ctx), displayName: ctx.state.user?.displayName };
}

/** A DomainError's message for a page notice (field-specific translation first); anything else propagates. */
export function refusalMessage(ctx: AppContext, error: unknown): string {
  if (!(error instanceof DomainError)) throw error;
  const key = error.field ? `errors.${error.code}.${error.field}` : `errors.${error.code}`;
  return ctx.state.t(key, { defaultValue: error.message });
}
