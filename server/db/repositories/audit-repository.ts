/**
 * The audit log's storage. Append-only from the application's point of
 * view: there is no update and no delete of single entries; the only removal
 * is the retention purge of entries older than the configured period.
 */
import { Op, type WhereOptions } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { AuditEventModel } from '../models/audit-event.js';
import type { Models } from '../models/index.js';

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** An action, or a prefix ending in a dot (`sign-in.`). */
  action?: string;
  actorId?: string;
  /** Matches the actor label, target id or detail text. */
  text?: string;
  from?: Date;
  to?: Date;
  maxId?: string;
  limit: number;
}

export class AuditRepository {
  constructor(private readonly models: Models) {}

  async append(entry: AuditEntry): Promise<AuditEventModel> {
    return this.models.AuditEvent.create({
      id: newId(),
      actorId: entry.actorId,
      actorLabel: entry.actorLabel,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      address: entry.address ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    });
  }

  /** Newest first, bounded. */
  search(query: AuditQuery): Promise<AuditEventModel[]> {
    const where: WhereOptions[] = [];
    if (query.action) {
      where.push(query.action.endsWith('.') ? { action: { [Op.startsWith]: query.action } } : { action: query.action });
    }
    if (query.actorId) where.push({ actorId: query.actorId });
    if (query.from) where.push({ createdAt: { [Op.gte]: query.from } });
    if (query.to) where.push({ createdAt: { [Op.lt]: query.to } });
    if (query.maxId) where.push({ id: { [Op.lt]: query.maxId } });
    if (query.text) {
      const like = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push({
        [Op.or]: [{ actorLabel: { [Op.like]: like } }, { targetId: { [Op.like]: like } }, { detail: { [Op.like]: like } }],
      });
    }
    return this.models.AuditEvent.findAll({
      where: { [Op.and]: where },
      order: [['id', 'DESC']],
      limit: Math.min(query.limit, 1000),
    });
  }

  /** Retention: forgets entries older than `before`; returns how many. */
  purgeOlderThan(before: Date): Promise<number> {
    return this.models.AuditEvent.destroy({ where: { createdAt: { [Op.lt]: before } } });
  }
}
