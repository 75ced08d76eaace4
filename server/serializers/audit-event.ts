/** Audit entries as exported (JSON lines, CSV) and shown on the admin page. */
import type { AuditEventModel } from '../db/models/audit-event.js';

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

export function toAuditRow(event: AuditEventModel): AuditRow {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(event.detail) as Record<string, unknown>;
  } catch {
    detail = { unparsed: event.detail };
  }
  return {
    id: event.id,
    at: event.createdAt.toISOString(),
    actor: event.actorLabel,
    actor_id: event.actorId,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    address: event.address,
    detail,
  };
}

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'actor_id', 'action', 'target_type', 'target_id', 'address', 'detail'] as const;

/** The same row flattened for CSV (detail as JSON text). */
export function toAuditCsvRecord(row: AuditRow): Record<(typeof AUDIT_CSV_COLUMNS)[number], string> {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actor_id: row.actor_id ?? '',
    action: row.action,
    target_type: row.target_type ?? '',
    target_id: row.target_id ?? '',
    address: row.address ?? '',
    detail: JSON.stringify(row.detail),
  };
}
