/**
 * Time-sortable identifiers for everything that is paged.
 *
 * ULIDs sort by creation time as plain strings (fixed length, Crockford
 * base32), so `max_id`/`since_id` cursors are simple string comparisons on
 * SQLite and PostgreSQL alike, and ids from several nodes never collide.
 */
import { encodeTime, monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/**
 * A new id for something created now. Monotonic: ids made in the same
 * millisecond still sort in creation order, and a time earlier than the last
 * id's yields an id just above it, never an older one.
 */
export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ULID_PATTERN.test(value);
}

/** The smallest id that can have been made at `time`: turns a date range into an id range (an index scan). */
export function firstIdAt(time: Date): string {
  return `${encodeTime(Math.max(0, time.getTime()), 10)}${'0'.repeat(16)}`;
}
