/** Who asks for an account change, as the audit log records them (see http/request-actor.ts). */
import type { AuditEntry } from '../../db/repositories/audit-repository.js';

export type Actor = Pick<AuditEntry, 'actorId' | 'actorLabel' | 'address'> & {
  /** Shown in mails ("Ada invited you"). */
  displayName?: string;
};
