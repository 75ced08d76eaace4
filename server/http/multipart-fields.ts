/**
 * The text fields of a multipart/form-data body, which Mastodon clients use
 * for update_credentials. Parsed with the platform's own multipart parser
 * (fetch's Request.formData), bounded by the given limit. Its fields pass the
 * text-input rule like any other body's; the file parts a route names are
 * kept for multipartFile(), the others dropped.
 */
import { DomainError } from '../domain/errors.js';
import type { AppContext, AppMiddleware } from './context.js';
import { refuseEncodedBody } from './multipart-body.js';
import { malformedBody } from './request-body-errors.js';
import { refuseUnacceptableFields } from './text-input.js';

async function readBody(ctx: AppContext, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new DomainError('E_VALIDATION', 'Request body too large', 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The files of the request, by field name (only those the route asked for). */
const keptFiles = new WeakMap<AppContext, Map<string, Buffer>>();

/** The bytes of a file part the route's multipartFields() kept, if it was sent. */
export function multipartFile(ctx: AppContext, name: string): Buffer | undefined {
  return keptFiles.get(ctx)?.get(name);
}

/** Route middleware: fills ctx.request.body from a multipart body; other bodies were already parsed. */
export function multipartFields(limitBytes: number, options: { files?: readonly string[] } = {}): AppMiddleware {
  return async (ctx, next) => {
    // The JSON/form body parser leaves multipart streams unread (and the body an empty object).
    if (ctx.is('multipart/form-data') && !ctx.req.readableEnded) {
      refuseEncodedBody(ctx);
      const raw = await readBody(ctx, limitBytes);
      const form = await new Request('http://multipart.invalid/', {
        method: 'POST',
        headers: { 'content-type': ctx.get('content-type') },
        body: new Uint8Array(raw),
      })
        .formData()
        .catch(() => {
          throw malformedBody('multipart');
        });
      const fields: Record<string, string> = {};
      const files = new Map<string, Buffer>();
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else if (options.files?.includes(name)) files.set(name, Buffer.from(await value.arrayBuffer()));
      }
      refuseUnacceptableFields(fields);
      keptFiles.set(ctx, files);
      ctx.request.body = fields;
    }
    await next();
  };
}
