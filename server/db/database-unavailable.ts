/**
 * Tells a database that is away (not listening, restarting, connection cut)
 * from a query that is wrong. The first heals by itself, so a request meets
 * it as a 503 to retry and a starting node waits for it; the second is a bug
 * or bad input. Sequelize reports connection failures as ConnectionError,
 * but a connection lost in the middle of a query as a plain DatabaseError
 * around node-postgres's own error, so both are looked at.
 */
import { AccessDeniedError, ConnectionError, DatabaseError, InvalidConnectionError } from 'sequelize';

/**
 * SQLSTATEs and socket errors of a server that is going, gone or not yet
 * there, and SQLite's lock still held by another writer after the busy
 * timeout: in each case the same request succeeds a moment later.
 */
const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres says this, without a code, when the server closes a connection under it. */
const LOST_CONNECTION = /Connection terminated|Client has encountered a connection error|Connection is closed/i;
/** Retrying cannot fix a wrong password, user or database name. */
const MISCONFIGURED_CODES = new Set(['28P01', '28000', '3D000']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function describesLostServer(original: unknown): boolean {
  const code = codeOf(original);
  if (code !== undefined) return UNAVAILABLE_CODES.has(code) || code.startsWith('08');
  return original instanceof Error && LOST_CONNECTION.test(original.message);
}

/** True when the database cannot be reached right now, but may be in a moment. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof AccessDeniedError || error instanceof InvalidConnectionError) return false;
  if (error instanceof ConnectionError) {
    const code = codeOf(error.parent);
    return code === undefined || !MISCONFIGURED_CODES.has(code);
  }
  if (error instanceof DatabaseError) return describesLostServer(error.parent);
  return false;
}
