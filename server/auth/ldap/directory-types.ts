/**
 * Shapes the directory side hands to the rest of Warble (sign-in, sync,
 * admin "test connection"), kept free of ldapts types so callers do not
 * depend on the LDAP library.
 */

/** A person as read from the directory, mapped through `ldap.attributes`. */
export interface DirectoryPerson {
  /** DN as returned by the server (compare with sameDn, never with ===). */
  dn: string;
  username: string;
  displayName: string;
  mail: string;
  title: string;
  department: string;
  phone: string;
  /** Manager's username when the manager is a known person, else ''. */
  manager: string;
  /** Manager's DN as stored in the directory, or ''. */
  managerDn: string;
  photo?: Buffer;
  /** Names (cn) of the groups the person belongs to, when they were looked up. */
  groups?: string[];
  /** The same groups with their DNs and descriptions, so sign-in can mirror them without a full sync. */
  groupRefs?: DirectoryGroupRef[];
}

/** A group the person belongs to, as found at sign-in (members not listed). */
export interface DirectoryGroupRef {
  dn: string;
  name: string;
  description: string;
}

/** A group with its members resolved to usernames of people matching the user filter. */
export interface DirectoryGroup {
  dn: string;
  name: string;
  description: string;
  memberUsernames: string[];
}

/** Why a sign-in was refused. Only 'directory-unavailable' is worth showing verbatim to users. */
export type AuthFailureReason =
  | 'unknown-user'
  | 'wrong-password'
  | 'excluded'
  | 'disabled'
  | 'ambiguous'
  | 'empty-password'
  | 'directory-unavailable';

/** Outcome of `DirectoryClient.authenticate`. */
export type AuthResult = { ok: true; entry: DirectoryPerson } | { ok: false; reason: AuthFailureReason };

/** One pino-style log method: `(obj, msg?, ...args)` or `(msg, ...args)`. */
export interface DirectoryLogFn {
  (obj: object, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/** The subset of a pino logger the directory client uses (a pino Logger fits). */
export interface DirectoryLogger {
  info: DirectoryLogFn;
  warn: DirectoryLogFn;
  error: DirectoryLogFn;
  debug: DirectoryLogFn;
}

/** A URL that could not be used, and why. */
export interface ConnectionAttempt {
  url: string;
  error: string;
}

/** Result of `DirectoryClient.test()`, for the admin "test connection" screen and CLI. */
export interface DirectoryTestReport {
  ok: boolean;
  /** The URL that answered, or null if none did. */
  url: string | null;
  startTls: boolean;
  bind: 'ok' | 'anonymous' | 'failed' | 'not-attempted';
  peopleCount: number | null;
  groupsCount: number | null;
  sample: Array<Pick<DirectoryPerson, 'username' | 'displayName' | 'mail'>>;
  failedAttempts: ConnectionAttempt[];
  error: string | null;
  durationMs: number;
}
