/**
 * The bytes of attachments (GET /media/:id and /media/:id/preview), served
 * only to people who may see them (see MediaAccess): everyone else gets the
 * same 404 as for a file that never existed. A session or a bearer token
 * with a read scope for statuses may fetch them, under the same rule, since
 * Mastodon clients load the URLs the API gives them with their token. Images show inline; every other
 * type downloads, and nosniff stops a browser from running a "text file" as
 * HTML.
 */
import Router from '@koa/router';
import { requireScope } from '../../auth/bearer-auth.js';
import type { Container } from '../../container.js';
import { notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import type { AppContext, AppState } from '../context.js';
import { requireUser } from '../middleware/access.js';
import { viewerContextOf } from '../viewer.js';

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), ASCII fallback for old clients. */
function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function mediaFileRoutes(deps: Container): Router<AppState> {
  const router = new Router<AppState>();
  const { mediaAccess } = deps.core.posts;

  const serve = (variant: 'original' | 'preview') => async (ctx: AppContext) => {
    const id = ctx.params.id ?? '';
    const file = isId(id) ? await mediaAccess.open(id, await viewerContextOf(ctx, deps.models), variant) : null;
    if (!file) throw notFound('Media');
    const isImage = variant === 'preview' || file.attachment.kind === 'image';
    ctx.set('X-Content-Type-Options', 'nosniff');
    // Private to the person: shared caches must never keep a file someone else may not see.
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.set('Content-Disposition', isImage ? 'inline' : attachmentDisposition(file.attachment.fileName));
    ctx.type = file.contentType;
    ctx.length = file.object.sizeBytes;
    ctx.body = file.object.stream;
  };

  // Attachments belong to statuses: a token reads them with the scope that reads statuses.
  const access = [requireUser, requireScope('read:statuses')] as const;
  router.get('/media/:id', ...access, serve('original'));
  router.get('/media/:id/preview', ...access, serve('preview'));
  return router;
}
