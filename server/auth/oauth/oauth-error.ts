/**
 * Errors of the OAuth endpoints, answered as RFC 6749 §5.2 says:
 * `{ error, error_description }` with 400, or 401 for a failed client.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'temporarily_unavailable';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
    /** Seconds to wait, when sign-in rate limits refused a password grant. */
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }

  toJSON() {
    return { error: this.error, error_description: this.description };
  }
}

/** The named string parameter of a form or JSON body, or '' when absent. */
export function oauthParam(params: Record<string, unknown> | undefined, name: string): string {
  const value = params?.[name];
  return typeof value === 'string' ? value : '';
}
