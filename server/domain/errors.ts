/**
 * Errors a person or client can act on. Each has a stable code (clients and
 * translations key off it), an HTTP status and, for bad input, the field.
 */
export type ErrorCode =
  | 'E_VALIDATION'
  | 'E_NOT_FOUND'
  | 'E_FORBIDDEN'
  | 'E_UNAUTHENTICATED'
  | 'E_CONFLICT'
  | 'E_SETUP_DONE'
  | 'E_SIGN_IN_FAILED'
  | 'E_DIRECTORY_UNAVAILABLE'
  | 'E_RATE_LIMITED'
  | 'E_CSRF'
  | 'E_TOKEN_INVALID'
  | 'E_SCOPE_DENIED'
  | 'E_POST_EMPTY'
  | 'E_POST_TOO_LONG'
  | 'E_MEDIA_TOO_LARGE'
  | 'E_MEDIA_TYPE_NOT_ALLOWED'
  | 'E_MEDIA_INVALID'
  /** Text input held a control character or a lone surrogate (see server/http/text-input.ts). */
  | 'E_CONTROL_CHARACTER'
  /** The request body does not parse as its Content-Type, or does not decode as its Content-Encoding. */
  | 'E_BODY_MALFORMED'
  /** The request body has a Content-Encoding this route does not decode. */
  | 'E_BODY_ENCODING'
  /** A plugin filter refused the input; the message is the plugin's. */
  | 'E_PLUGIN_REJECTED'
  /** The action sends a mail and smtp.host is empty. */
  | 'E_MAIL_OFF';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly field?: string,
    /** Seconds to wait, for E_RATE_LIMITED. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const validationError = (field: string, message: string) =>
  new DomainError('E_VALIDATION', message, 422, field);

export const notFound = (what = 'Record') => new DomainError('E_NOT_FOUND', `${what} not found`, 404);

export const forbidden = (message = 'You are not allowed to do this') => new DomainError('E_FORBIDDEN', message, 403);

export const conflict = (field: string, message: string) => new DomainError('E_CONFLICT', message, 409, field);
