/**
 * Mastodon's status endpoints: publish, show, edit, delete, and a status's
 * thread, edit history and source. Every status shown goes through the
 * StatusPresenter, so whatever the viewer may not see is a 404.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { notFound } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { listParam, statusIdParam, textParam } from './statuses-params.js';

export function statusRoutes(deps: Container): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/statuses' });
  const { posts, statuses } = deps.core;
  const read = [requireUser, requireScope('read:statuses')];
  const write = [requireUser, requireScope('write:statuses')];
  const viewer = (ctx: AppContext) => viewerContextOf(ctx, deps.models);
  const base = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  async function show(ctx: AppContext, id: string): Promise<void> {
    const status = await statuses.presentOne(id, await viewer(ctx), base(ctx));
    if (!status) throw notFound('Status');
    ctx.body = status;
  }

  router.post('/', ...write, async (ctx) => {
    const draft = {
      text: textParam(ctx, 'status') ?? '',
      inReplyToId: textParam(ctx, 'in_reply_to_id') ?? null,
      visibility: textParam(ctx, 'visibility') ?? null,
      groupId: textParam(ctx, 'group_id') ?? null,
      mediaIds: listParam(ctx, 'media_ids'),
      language: textParam(ctx, 'language') ?? null,
    };
    // Warble: `as_account_id` publishes as an official account the caller is a publisher of (403 otherwise).
    const asAccountId = textParam(ctx, 'as_account_id');
    const user = ctx.state.user!;
    const id = asAccountId
      ? await deps.officialAccounts.publishAs({ id: user.id, username: user.username, isAdmin: user.isAdmin, address: ctx.ip }, asAccountId, draft)
      : await posts.create.create(await viewer(ctx), draft);
    await show(ctx, id);
  });

  router.get('/:id', ...read, (ctx) => show(ctx, statusIdParam(ctx)));

  router.put('/:id', ...write, async (ctx) => {
    const id = statusIdParam(ctx);
    await posts.edit.edit(await viewer(ctx), id, { text: textParam(ctx, 'status') ?? '', language: textParam(ctx, 'language') });
    await show(ctx, id);
  });

  // Answers the deleted status with its source text, so clients can offer "delete and redraft".
  router.delete('/:id', ...write, async (ctx) => {
    const id = statusIdParam(ctx);
    const status = await statuses.presentOne(id, await viewer(ctx), base(ctx));
    if (!status) throw notFound('Status');
    const source = await posts.history.source(id, await viewer(ctx));
    await posts.delete.delete(await viewer(ctx), id);
    ctx.body = { ...status, text: source?.text ?? '' };
  });

  router.get('/:id/context', ...read, async (ctx) => {
    const context = await posts.thread.context(statusIdParam(ctx), await viewer(ctx), base(ctx));
    if (!context) throw notFound('Status');
    ctx.body = context;
  });

  router.get('/:id/history', ...read, async (ctx) => {
    const history = await posts.history.history(statusIdParam(ctx), await viewer(ctx), base(ctx));
    if (!history) throw notFound('Status');
    ctx.body = history;
  });

  router.get('/:id/source', ...read, async (ctx) => {
    const source = await posts.history.source(statusIdParam(ctx), await viewer(ctx));
    if (!source) throw notFound('Status');
    ctx.body = source;
  });

  return router;
}
