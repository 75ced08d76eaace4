/**
 * Shared bits of the LDAP integration tests: build a DirectoryClient for the
 * throwaway slapd through the real config path (schema -> resolveLdapSettings),
 * and a logger that records what the client logged.
 */
import { DirectoryClient } from '../../../server/auth/ldap/directory-client.js';
import type { DirectoryLogger } from '../../../server/auth/ldap/directory-types.js';
import { ldapConfigSchema } from '../../../server/auth/ldap/ldap-config.js';
import { resolveLdapSettings, type LdapSettings } from '../../../server/auth/ldap/ldap-settings.js';
import type { SlapdHandle } from '../../helpers/slapd/index.js';

/** One recorded log call. */
export interface LogRecord {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: Record<string, unknown>;
  msg: string;
}

/** A DirectoryLogger that keeps every call in `records`. */
export function recordingLogger(): DirectoryLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make =
    (level: LogRecord['level']) =>
    (first: object | string, second?: unknown): void => {
      if (typeof first === 'string') records.push({ level, obj: {}, msg: first });
      else records.push({ level, obj: first as Record<string, unknown>, msg: typeof second === 'string' ? second : '' });
    };
  return { records, info: make('info'), warn: make('warn'), error: make('error'), debug: make('debug') };
}

/** Settings for the fixture directory: only warble-users may sign in. `overrides` use config keys. */
export function settingsFor(slapd: SlapdHandle, overrides: Record<string, unknown> = {}): LdapSettings {
  const config = ldapConfigSchema.parse({
    enabled: true,
    url: slapd.url,
    preset: 'openldap',
    bindDn: slapd.bindDn,
    bindPassword: slapd.bindPassword,
    baseDn: slapd.baseDn,
    groupBaseDn: slapd.groupsDn,
    userFilter: slapd.warbleUsersFilter,
    adminGroup: 'warble-admins',
    connectTimeoutMs: 1000,
    searchTimeoutMs: 2000,
    ...overrides,
  });
  return resolveLdapSettings(config);
}

/** A client for the fixture directory plus the logger it writes to. */
export function clientFor(slapd: SlapdHandle, overrides: Record<string, unknown> = {}) {
  const logger = recordingLogger();
  return { client: new DirectoryClient(settingsFor(slapd, overrides), logger), logger };
}

/** DNs that slapd logged a BIND for since `mark` (from the `-d stats` log). */
export function boundDnsSince(slapd: SlapdHandle, mark: number): string[] {
  return [...slapd.logSince(mark).matchAll(/ BIND dn="([^"]*)" method=/g)].map((match) => match[1]!);
}

/** Waits until slapd's log since `mark` satisfies `predicate` (log lines arrive asynchronously). */
export async function waitForLog(slapd: SlapdHandle, mark: number, predicate: (log: string) => boolean, timeoutMs = 2000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = slapd.logSince(mark);
    if (predicate(log)) return log;
    if (Date.now() > deadline) throw new Error(`slapd log did not show the expected line:\n${log.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
