/** The audit log's actor fields for the person making this request: who, under which name, from where. */
import type { AuditEntry } from '../db/repositories/audit-repository.js';
import type { AppContext } from './context.js';

export function requestActor(ctx: AppContext): Pick<AuditEntry, 'actorId' | 'actorLabel' | 'address'> {
  const user = ctx.state.user;
  return { actorId: user?.id ?? null, actorLabel: user?.username ?? 'unknown', address: ctx.ip };
}
