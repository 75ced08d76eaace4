/**
 * /admin/audit: search the audit log (action or action prefix, person, text,
 * from/to dates), newest first, paged by max_id; and export the filtered
 * entries as CSV or JSON lines. Every export is itself audited
 * ('export.created', detail.kind 'audit').
 */
import Router from '@koa/router';
import { stringify } from 'csv-stringify/sync';
import type { AuditQuery, AuditRepository } from '../../../db/repositories/audit-repository.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import { AUDIT_CSV_COLUMNS, toAuditCsvRecord, toAuditRow, type AuditRow } from '../../../serializers/audit-event.js';
import type { AppContext, AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { requestActor } from '../../request-actor.js';

const PAGE_SIZE = 50;
/** An export reads the log in batches of this size, up to EXPORT_MAX entries. */
const EXPORT_BATCH = 1000;
const EXPORT_MAX = 100_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filters {
  action: string;
  person: string;
  text: string;
  from: string;
  to: string;
}

const queryText = (ctx: AppContext, name: string): string => {
  const value = ctx.query[name];
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
};

export function adminAuditRoutes(deps: { renderer: Renders; auditEvents: AuditRepository; audit: AuditLog; users: UserRepository }): Router<AppState> {
  const router = new Router<AppState>();

  /** The search form's values and the repository query they stand for; `null` when the person is unknown (no entries). */
  async function readFilters(ctx: AppContext): Promise<{ filters: Filters; query: Omit<AuditQuery, 'limit'> | null; errors: Record<string, string> }> {
    const filters: Filters = {
      action: queryText(ctx, 'action'),
      person: queryText(ctx, 'person').replace(/^@/, ''),
      text: queryText(ctx, 'text'),
      from: queryText(ctx, 'from'),
      to: queryText(ctx, 'to'),
    };
    const errors: Record<string, string> = {};
    const query: Omit<AuditQuery, 'limit'> = {};
    if (filters.action) query.action = filters.action;
    if (filters.text) query.text = filters.text;
    if (filters.from) {
      const from = DAY.test(filters.from) ? new Date(`${filters.from}T00:00:00Z`) : null;
      if (!from || Number.isNaN(from.getTime())) errors.from = ctx.state.t('admin.audit.badDate');
      else query.from = from;
    }
    if (filters.to) {
      const to = DAY.test(filters.to) ? new Date(`${filters.to}T00:00:00Z`) : null;
      if (!to || Number.isNaN(to.getTime())) errors.to = ctx.state.t('admin.audit.badDate');
      else query.to = new Date(to.getTime() + 86_400_000); // the whole "to" day
    }
    const maxId = queryText(ctx, 'max_id');
    if (maxId) query.maxId = maxId;
    if (filters.person) {
      const user = await deps.users.findByUsername(filters.person.toLowerCase());
      if (!user) return { filters, query: null, errors };
      query.actorId = user.id;
    }
    return { filters, query, errors };
  }

  const filterParams = (filters: Filters): URLSearchParams =>
    new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '') as Array<[string, string]>);

  router.get('/admin/audit', requireAdmin, async (ctx) => {
    const { filters, query, errors } = await readFilters(ctx);
    const found = query && Object.keys(errors).length === 0 ? await deps.auditEvents.search({ ...query, limit: PAGE_SIZE + 1 }) : [];
    const rows = found.slice(0, PAGE_SIZE).map(toAuditRow);
    const params = filterParams(filters);
    const last = rows.at(-1);
    let nextUrl: string | undefined;
    if (found.length > PAGE_SIZE && last) {
      const next = new URLSearchParams(params);
      next.set('max_id', last.id);
      nextUrl = `/admin/audit?${next.toString()}`;
    }
    const suffix = params.toString() ? `?${params.toString()}` : '';
    if (Object.keys(errors).length > 0) ctx.status = 422;
    renderPage(ctx, deps.renderer, 'admin/audit', {
      title: ctx.state.t('admin.audit.title'),
      values: filters,
      errors,
      entries: rows.map((row) => ({ ...row, detailText: JSON.stringify(row.detail) })),
      nextUrl,
      firstUrl: ctx.query.max_id ? `/admin/audit${suffix}` : undefined,
      csvUrl: `/admin/audit/export.csv${suffix}`,
      jsonlUrl: `/admin/audit/export.jsonl${suffix}`,
    });
  });

  router.get('/admin/audit/export.:format', requireAdmin, async (ctx) => {
    const format = ctx.params.format;
    if (format !== 'csv' && format !== 'jsonl') return; // 404
    const { filters, query, errors } = await readFilters(ctx);
    const rows: AuditRow[] = [];
    if (query && Object.keys(errors).length === 0) {
      let maxId = query.maxId;
      while (rows.length < EXPORT_MAX) {
        const batch = await deps.auditEvents.search({ ...query, maxId, limit: EXPORT_BATCH });
        rows.push(...batch.map(toAuditRow));
        const last = batch.at(-1);
        if (batch.length < EXPORT_BATCH || !last) break;
        maxId = last.id;
      }
    }
    await deps.audit.record({
      action: 'export.created',
      ...requestActor(ctx),
      targetType: 'audit',
      detail: { kind: 'audit', format, count: rows.length, filters },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment(`warble-audit-${stamp}.${format}`);
    if (format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = stringify(rows.map(toAuditCsvRecord), { header: true, columns: [...AUDIT_CSV_COLUMNS] });
    } else {
      ctx.type = 'application/x-ndjson; charset=utf-8';
      ctx.body = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    }
  });

  return router;
}
