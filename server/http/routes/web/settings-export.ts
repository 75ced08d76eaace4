/**
 * GET /settings/export: a signed-in person downloads their own data (profile,
 * follows, group memberships, their posts and edits, the direct messages they
 * sent and received, attachment metadata) as JSON lines, generated on request
 * and streamed as it is read. Audited as 'export.created' (kind 'personal').
 */
import Router from '@koa/router';
import { Readable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import { PersonalExport } from '../../../services/export/personal-export.js';
import type { AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { requestActor } from '../../request-actor.js';

export function settingsExportRoutes(deps: { sequelize: Sequelize; audit: AuditLog }): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/settings/export', requireUser, async (ctx) => {
    const user = ctx.state.user!;
    await deps.audit.record({
      action: 'export.created',
      ...requestActor(ctx),
      targetType: 'user',
      targetId: user.id,
      detail: { kind: 'personal', format: 'jsonl' },
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment(`warble-${user.username}-${new Date().toISOString().slice(0, 10)}.jsonl`);
    ctx.type = 'application/x-ndjson; charset=utf-8';
    ctx.body = Readable.from(new PersonalExport(deps.sequelize).lines(user.id), { objectMode: false });
  });

  return router;
}
