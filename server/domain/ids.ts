/**
 * Time-sortable identifiers for everything that is paged.
 *
 * ULIDs sort by creation time as plain strings (fixed length, Crockford
 * base32), so `max_id`/`since_id` cursors are simple string comparisons on
 * SQLite and PostgreSQL alike, and ids from several nodes never collide.
 */
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ULID_PATTERN.test(value);
}
