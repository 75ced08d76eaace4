/**
 * Background compliance exports (/admin/exports). A request is a row of the
 * `exports` table (queued); it runs right after in this process, fire and
 * forget, writing the file to media storage under `exports/<id>.<format>`
 * and recording done (with size and record count) or failed (with the
 * error) in the row. There is no cross-node queue: the node that took the
 * request runs it.
 *
 * A node that stops mid-export leaves a row 'running' forever, so servers
 * call failInterrupted() at start-up and mark such rows failed ('interrupted
 * by a restart'). With several nodes this also fails an export another node
 * is running at that moment; it can simply be requested again.
 */
import { PendingWork } from '../../jobs/pending-work.js';
import { QueryTypes, type Sequelize } from 'sequelize';
import { toDate, toInt } from '../../db/raw-values.js';
import { newId } from '../../domain/ids.js';
import type { Logger } from '../../logging/logger.js';
import type { MediaStorage, StoredObject } from '../../storage/media-storage.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ComplianceExport } from './compliance-export.js';
import { exportStream, type ExportFormat } from './export-writer.js';

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ComplianceExportParams {
  from: string;
  to: string;
  /** User names as requested (for display) and the ids they resolved to. */
  users: string[];
  authorIds: string[];
  format: ExportFormat;
  /** Who asked, for the audit trail. */
  requestedByName: string;
}

export interface ExportJob {
  id: string;
  requestedBy: string | null;
  kind: 'compliance' | 'personal';
  params: ComplianceExportParams;
  status: ExportStatus;
  fileKey: string | null;
  sizeBytes: number | null;
  records: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type Raw = Record<string, unknown>;

function jobOf(row: Raw): ExportJob {
  return {
    id: String(row.id),
    requestedBy: (row.requested_by as string | null) ?? null,
    kind: row.kind === 'personal' ? 'personal' : 'compliance',
    params: JSON.parse(String(row.params)) as ComplianceExportParams,
    status: String(row.status) as ExportStatus,
    fileKey: (row.file_key as string | null) ?? null,
    sizeBytes: row.size_bytes === null || row.size_bytes === undefined ? null : toInt(row.size_bytes),
    records: row.records === null || row.records === undefined ? null : toInt(row.records),
    error: (row.error as string | null) ?? null,
    createdAt: toDate(row.created_at)!,
    finishedAt: toDate(row.finished_at),
  };
}

export class ExportJobs {
  readonly #inFlight = new PendingWork();

  constructor(
    private readonly deps: { sequelize: Sequelize; storage: MediaStorage; audit: AuditLog; logger: Logger },
  ) {}

  private query(sql: string, replacements: Record<string, unknown>, type: QueryTypes.SELECT | QueryTypes.UPDATE | QueryTypes.INSERT) {
    return this.deps.sequelize.query(sql, { replacements, type });
  }

  /** Records the request (queued); call start() once the request's transaction, if any, has committed. */
  async queue(requestedBy: string, params: ComplianceExportParams): Promise<string> {
    const id = newId();
    await this.query(
      `INSERT INTO exports (id, requested_by, kind, params, status, created_at) VALUES (:id, :requestedBy, 'compliance', :params, 'queued', :now)`,
      { id, requestedBy, params: JSON.stringify(params), now: new Date() },
      QueryTypes.INSERT,
    );
    return id;
  }

  /** Runs the export in the background; failures end up in the row (and the log), never thrown. */
  start(id: string): void {
    this.#inFlight.track(this.run(id).catch((error: unknown) => this.deps.logger.error({ err: error, exportId: id }, 'export failed')));
  }

  async list(limit = 50): Promise<ExportJob[]> {
    const rows = (await this.query(`SELECT * FROM exports ORDER BY id DESC LIMIT ${Math.trunc(limit)}`, {}, QueryTypes.SELECT)) as Raw[];
    return rows.map(jobOf);
  }

  async find(id: string): Promise<ExportJob | null> {
    const rows = (await this.query('SELECT * FROM exports WHERE id = :id', { id }, QueryTypes.SELECT)) as Raw[];
    return rows[0] ? jobOf(rows[0]) : null;
  }

  /** The finished export's file, or null when it is not done (or the file is gone). */
  async open(job: ExportJob): Promise<StoredObject | null> {
    if (job.status !== 'done' || !job.fileKey) return null;
    return this.deps.storage.get(job.fileKey);
  }

  /** Start-up: exports left 'running' (or 'queued') by a node that stopped are failed; see the module comment. */
  async failInterrupted(): Promise<void> {
    await this.query(
      `UPDATE exports SET status = 'failed', error = 'interrupted by a restart', finished_at = :now WHERE status IN ('queued', 'running')`,
      { now: new Date() },
      QueryTypes.UPDATE,
    );
  }

  /** Waits for exports in progress (before the database closes). */
  async drain(): Promise<void> {
    await this.#inFlight.settled();
  }

  private async run(id: string): Promise<void> {
    const job = await this.find(id);
    if (!job || job.status !== 'queued') return;
    await this.query(`UPDATE exports SET status = 'running' WHERE id = :id`, { id }, QueryTypes.UPDATE);
    const { params } = job;
    const fileKey = `exports/${id.toLowerCase()}.${params.format}`;
    try {
      const records = new ComplianceExport(this.deps.sequelize).records({ from: new Date(params.from), to: new Date(params.to), authorIds: params.authorIds });
      const output = exportStream(records, params.format);
      await this.deps.storage.put(fileKey, output.stream);
      const stored = await this.deps.storage.get(fileKey);
      stored?.stream.destroy();
      await this.query(
        `UPDATE exports SET status = 'done', file_key = :fileKey, size_bytes = :size, records = :records, finished_at = :now WHERE id = :id`,
        { id, fileKey, size: stored?.sizeBytes ?? 0, records: output.count(), now: new Date() },
        QueryTypes.UPDATE,
      );
      await this.deps.audit.record({
        action: 'export.created',
        actorId: job.requestedBy,
        actorLabel: params.requestedByName,
        targetType: 'export',
        targetId: id,
        detail: { kind: 'compliance', from: params.from, to: params.to, users: params.users, format: params.format, records: output.count() },
      });
    } catch (error) {
      await this.deps.storage.delete(fileKey).catch(() => undefined);
      await this.query(
        `UPDATE exports SET status = 'failed', error = :error, finished_at = :now WHERE id = :id`,
        { id, error: error instanceof Error ? error.message.slice(0, 1000) : String(error), now: new Date() },
        QueryTypes.UPDATE,
      );
      throw error;
    }
  }
}
