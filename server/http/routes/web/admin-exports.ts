/**
 * /admin/exports: administrators request a compliance export (date range,
 * optional people, JSON lines or CSV), which runs in the background (see
 * services/export/export-jobs.ts); the page lists requests with their status
 * and a download link once done. Every download is audited.
 */
import Router from '@koa/router';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { DomainError, notFound, validationError } from '../../../domain/errors.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import type { ExportJobs } from '../../../services/export/export-jobs.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, isExportFormat } from '../../../services/export/export-writer.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { requestActor } from '../../request-actor.js';

export interface AdminExportDeps {
  renderer: Renders;
  users: UserRepository;
  audit: AuditLog;
  exports: ExportJobs;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayField(ctx: AppContext, name: string): Date {
  const value = formField(ctx, name).trim();
  const date = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(date.getTime())) throw validationError(name, 'Enter a date such as 2026-11-01');
  return date;
}

export function adminExportRoutes(deps: AdminExportDeps): Router<AppState> {
  const router = new Router<AppState>();

  async function show(ctx: AppContext, extra: Record<string, unknown> = {}) {
    const jobs = await deps.exports.list();
    renderPage(ctx, deps.renderer, 'admin/exports', {
      title: ctx.state.t('exports.admin.title'),
      formats: EXPORT_FORMATS.map((format) => ({ format, selected: format === ((extra.values as { format?: string } | undefined)?.format ?? 'jsonl') })),
      queued: ctx.query.queued === '1',
      exports: jobs.map((job) => ({
        id: job.id,
        from: job.params.from.slice(0, 10),
        to: job.params.to.slice(0, 10),
        users: job.params.users.join(', '),
        format: job.params.format,
        status: job.status,
        done: job.status === 'done',
        failed: job.status === 'failed',
        error: job.error,
        records: job.records,
        sizeBytes: job.sizeBytes,
        createdAt: job.createdAt,
        downloadUrl: `/admin/exports/${job.id}/download`,
      })),
      ...extra,
    });
  }

  router.get('/admin/exports', requireAdmin, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    await show(ctx);
  });

  router.post('/admin/exports', requireAdmin, async (ctx) => {
    const values = { from: formField(ctx, 'from'), to: formField(ctx, 'to'), users: formField(ctx, 'users'), format: formField(ctx, 'format') };
    let id: string;
    try {
      const from = dayField(ctx, 'from');
      const to = dayField(ctx, 'to');
      if (to <= from) throw validationError('to', 'The end must be after the start');
      if (!isExportFormat(values.format)) throw validationError('format', 'Choose JSON lines or CSV');
      const usernames = [...new Set(values.users.split(/[\s,]+/).map((name) => name.replace(/^@/, '')).filter((name) => name !== ''))];
      const authorIds: string[] = [];
      for (const username of usernames) {
        const user = await deps.users.findByUsername(username);
        if (!user) throw validationError('users', `No account named ${username}`);
        authorIds.push(user.id);
      }
      const admin = ctx.state.user!;
      id = await deps.exports.queue(admin.id, {
        from: from.toISOString(),
        to: to.toISOString(),
        users: usernames,
        authorIds,
        format: values.format,
        requestedByName: admin.username,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.status = error.status;
      await show(ctx, { errors: fieldErrors(ctx, error), values });
      return;
    }
    // The row is committed: run it in the background; the page shows its progress.
    deps.exports.start(id);
    ctx.redirect('/admin/exports?queued=1');
  });

  router.get('/admin/exports/:id/download', requireAdmin, async (ctx) => {
    const job = await deps.exports.find(ctx.params.id ?? '');
    const file = job ? await deps.exports.open(job) : null;
    if (!job || !file) throw notFound('Export');
    await deps.audit.record({
      action: 'export.created',
      ...requestActor(ctx),
      targetType: 'export',
      targetId: job.id,
      detail: { kind: 'compliance-download', from: job.params.from, to: job.params.to, users: job.params.users, format: job.params.format },
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment(`warble-export-${job.params.from.slice(0, 10)}-${job.params.to.slice(0, 10)}-${job.id.toLowerCase()}.${job.params.format}`);
    ctx.type = EXPORT_CONTENT_TYPES[job.params.format];
    ctx.length = file.sizeBytes;
    ctx.body = file.stream;
  });

  return router;
}
