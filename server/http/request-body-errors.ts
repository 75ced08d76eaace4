/**
 * Errors met while reading a request body are the client's, never a 500:
 * a body that does not decode as its Content-Encoding says (zlib errors
 * carry no HTTP status) or does not parse as its Content-Type.
 */
import { DomainError } from '../domain/errors.js';

export const malformedBody = (what: string) => new DomainError('E_BODY_MALFORMED', `Malformed request body: ${what}`, 400);

export const encodingNotDecoded = (encoding: string) =>
  new DomainError('E_BODY_ENCODING', `Content-Encoding ${encoding} is not accepted here; send the body unencoded`, 415);

const hasHttpStatus = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && ('status' in error || 'statusCode' in error);

/**
 * For @koa/bodyparser's onError: its own errors (bad JSON, too large,
 * unknown encoding) already carry a 4xx status; anything else came from
 * decoding the body (gzip, deflate, br) and is the client's too.
 */
export function bodyParseFailed(error: unknown): never {
  if (hasHttpStatus(error)) throw error;
  throw malformedBody('it does not decode as its Content-Encoding says');
}
