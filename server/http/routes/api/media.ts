/**
 * Mastodon's media endpoints: upload an attachment (multipart `file` and
 * `description`, v1 and v2 alike — Warble processes synchronously, so both
 * answer 200 with the preview ready), look at and describe one's own uploads.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import multer from '@koa/multer';
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { notFound, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import { toApiUpload } from '../../../serializers/media-attachment.js';
import { mediaTooLarge } from '../../../services/posts/media-upload.js';
import type { AppContext, AppMiddleware, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { textParam } from './statuses-params.js';
import { receiveMultipart } from '../../multipart-body.js';

/** Reads one multipart `file` into a temporary file under dataDir, within the configured size. */
function receiveFile(deps: Container): AppMiddleware {
  const upload = multer({
    storage: multer.diskStorage({ destination: path.resolve(deps.config.dataDir, 'tmp', 'uploads') }),
    limits: { fileSize: deps.config.media.maxBytes, files: 1, fields: 8, fieldSize: 16 * 1024 },
  }).single('file');
  return async (ctx, next) => {
    try {
      await receiveMultipart(ctx, upload);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') throw mediaTooLarge(deps.config.media.maxBytes);
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') throw validationError('file', 'Send exactly one file, in the field named file');
      if (typeof code === 'string' && code.startsWith('LIMIT_')) throw validationError('description', 'The form is too large');
      throw error;
    }
    try {
      await next();
    } finally {
      if (ctx.request.file?.path) await rm(ctx.request.file.path, { force: true });
    }
  };
}

export function mediaRoutes(deps: Container): Router<AppState> {
  const router = new Router<AppState>();
  const { posts } = deps.core;
  const base = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  const upload = async (ctx: AppContext) => {
    const file = ctx.request.file as typeof ctx.request.file | undefined;
    if (!file) throw validationError('file', 'Attach a file in the field named file');
    const attachment = await posts.mediaUpload.upload(
      await viewerContextOf(ctx, deps.models),
      { path: file.path, declaredType: file.mimetype, originalName: file.originalname, sizeBytes: file.size },
      textParam(ctx, 'description') ?? null,
    );
    ctx.body = toApiUpload(attachment, base(ctx));
  };
  const uploadChain = [requireUser, requireScope('write:media'), receiveFile(deps), upload] as const;
  router.post('/api/v2/media', ...uploadChain);
  router.post('/api/v1/media', ...uploadChain);

  const ownId = (ctx: AppContext) => {
    const id = ctx.params.id ?? '';
    if (!isId(id)) throw notFound('Media');
    return id;
  };
  router.get('/api/v1/media/:id', requireUser, requireScope('write:media'), async (ctx) => {
    const attachment = await posts.mediaAccess.own(ownId(ctx), await viewerContextOf(ctx, deps.models));
    if (!attachment) throw notFound('Media');
    ctx.body = toApiUpload(attachment, base(ctx));
  });
  router.put('/api/v1/media/:id', requireUser, requireScope('write:media'), async (ctx) => {
    const attachment = await posts.mediaUpload.describe(await viewerContextOf(ctx, deps.models), ownId(ctx), textParam(ctx, 'description') ?? null);
    if (!attachment) throw notFound('Media');
    ctx.body = toApiUpload(attachment, base(ctx));
  });
  return router;
}

