/**
 * Reading a multipart/form-data body with multer, the same way on every route
 * that takes one: a Content-Encoding is refused (multipart parsers read the
 * bytes as sent), a body that does not parse is a 400, and its text fields
 * pass the text-input rule (server/http/text-input.ts) like any other body.
 */
import { rm } from 'node:fs/promises';
import type { AppContext } from './context.js';
import { encodingNotDecoded, malformedBody } from './request-body-errors.js';
import { refuseUnacceptableFields } from './text-input.js';

/** A @koa/multer middleware, as `multer(...).single(...)` and `.array(...)` return it. */
export type MulterUpload = (ctx: never, next: () => Promise<void>) => Promise<unknown>;

/** Throws 415 unless the body is sent as is. */
export function refuseEncodedBody(ctx: AppContext): void {
  const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw encodingNotDecoded(encoding);
}

/** multer's own limits (LIMIT_*) are left to the route, which knows what to tell the person. */
const isMulterLimit = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('LIMIT_');
};

/** Errors from the file system (a full disk, a missing directory) are ours, not the client's. */
const isSystemError = (error: unknown): boolean => typeof (error as { syscall?: unknown }).syscall === 'string';

function uploadedPaths(ctx: AppContext): string[] {
  const { file, files } = ctx.request;
  const list = [...(file ? [file] : []), ...(Array.isArray(files) ? files : Object.values(files ?? {}).flat())];
  return list.map((part) => part.path).filter((path): path is string => typeof path === 'string');
}

/** Runs `upload` over the request; on success ctx.request.body holds the text fields and ctx.request.file(s) the files. */
export async function receiveMultipart(ctx: AppContext, upload: MulterUpload): Promise<void> {
  refuseEncodedBody(ctx);
  try {
    await upload(ctx as never, async () => undefined);
  } catch (error) {
    if (isMulterLimit(error) || isSystemError(error)) throw error;
    throw malformedBody(error instanceof Error ? error.message : 'multipart');
  }
  try {
    refuseUnacceptableFields(ctx.request.body);
  } catch (error) {
    await Promise.all(uploadedPaths(ctx).map((path) => rm(path, { force: true })));
    throw error;
  }
}
