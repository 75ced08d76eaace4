/**
 * Real-OpenLDAP test harness: `startSlapd()` runs a throwaway slapd (own temp
 * dir, own slapd.conf, own mdb database, own test CA) on a free loopback port
 * and loads the fixture company directory over LDAP, so the memberof overlay
 * fills `memberOf`. It never touches /etc/ldap/slapd.d or the system slapd.
 *
 * Typical use, once per test file:
 *
 *   let slapd: SlapdHandle;
 *   before(async () => { slapd = await startSlapd(); });
 *   after(async () => { await slapd?.close(); });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { generateTestCertificates } from './certificates.js';
import {
  ADMIN_DN, ADMIN_PASSWORD, BASE_DN, FIXTURE_GROUPS, FIXTURE_USERS, GROUPS_DN, PEOPLE_DN,
  SERVICE_DN, SERVICE_PASSWORD, fixtureEntries, sshaHash,
  type FixtureAttributes, type FixtureUser, type FixtureUserKey,
} from './fixture-directory.js';
import { renderSlapdConf } from './slapd-conf.js';
import { freeLoopbackPort, spawnSlapd, stopSlapd, type SlapdProcess } from './slapd-process.js';

export {
  FIXTURE_GROUPS, FIXTURE_USERS, TINY_JPEG, personEntry, sshaHash,
} from './fixture-directory.js';
export type { FixtureAttributes, FixtureEntry, FixtureGroup, FixtureUser, FixtureUserKey } from './fixture-directory.js';

/** One attribute change for `SlapdHandle.modify`. */
export interface SlapdChange {
  operation: 'add' | 'delete' | 'replace';
  attribute: string;
  values: Array<string | Buffer>;
}

/** A running throwaway slapd and the facts tests need about it. */
export interface SlapdHandle {
  /** `ldap://127.0.0.1:<port>` (plain LDAP; StartTLS is available on it). */
  readonly url: string;
  readonly port: number;
  readonly baseDn: string;
  readonly peopleDn: string;
  readonly groupsDn: string;
  /** Read-only service account for the directory client. */
  readonly bindDn: string;
  readonly bindPassword: string;
  /** rootdn of the server; used by the harness helpers below. */
  readonly adminDn: string;
  readonly adminPassword: string;
  /** CA that signed the server certificate (for StartTLS verification). */
  readonly caFile: string;
  /** An unrelated CA: verifying the server with it must fail. */
  readonly otherCaFile: string;
  /** `(&(objectClass=inetOrgPerson)(memberOf=cn=warble-users,...))`. */
  readonly warbleUsersFilter: string;
  /** Known fixture people with their clear-text passwords. */
  readonly users: Readonly<Record<FixtureUserKey, FixtureUser>>;
  readonly groups: typeof FIXTURE_GROUPS;
  /** Temp dir holding config, certificates and database (removed by close()). */
  readonly dir: string;
  readonly running: boolean;
  addEntry(dn: string, attributes: FixtureAttributes): Promise<void>;
  deleteEntry(dn: string): Promise<void>;
  modify(dn: string, changes: SlapdChange[]): Promise<void>;
  /** Stops the server but keeps its data, for "directory down" tests. */
  stop(): Promise<void>;
  /** Starts the server again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops the server and deletes its temp dir. Idempotent. */
  close(): Promise<void>;
  /** Position in the captured slapd log (`-d stats`), for `logSince`. */
  logMark(): number;
  logSince(mark: number): string;
}

const live = new Set<{ slapd: SlapdProcess | undefined; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const entry of live) {
      entry.slapd?.child.kill('SIGKILL');
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });
}

function toAttribute(type: string, value: string | Buffer | Array<string | Buffer>): Attribute {
  const list = Array.isArray(value) ? value : [value];
  const buffers = list.filter((item): item is Buffer => Buffer.isBuffer(item));
  if (buffers.length === list.length && list.length > 0) return new Attribute({ type, values: buffers });
  if (buffers.length > 0) throw new Error(`attribute ${type}: do not mix strings and Buffers`);
  return new Attribute({ type, values: list.map(String) });
}

function toAttributes(attributes: FixtureAttributes): Attribute[] {
  return Object.entries(attributes).map(([type, value]) => toAttribute(type, value));
}

async function asAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url, connectTimeout: 2000, timeout: 5000 });
  try {
    await client.bind(ADMIN_DN, ADMIN_PASSWORD);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Starts a fresh slapd loaded with the fixture directory. Typically < 0.5 s. */
export async function startSlapd(): Promise<SlapdHandle> {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'warble-slapd-'));
  const tracked: { slapd: SlapdProcess | undefined; dir: string } = { slapd: undefined, dir };
  live.add(tracked);
  let log = '';
  const onLog = (chunk: string): void => {
    log += chunk;
  };
  const logTail = (): string => log.slice(-4000);

  try {
    const dataDir = join(dir, 'data');
    const confFile = join(dir, 'slapd.conf');
    const [certificates] = await Promise.all([generateTestCertificates(dir), mkdir(dataDir, { mode: 0o700 })]);
    await writeFile(confFile, renderSlapdConf({ dir, dataDir, adminPasswordHash: sshaHash(ADMIN_PASSWORD), certificates }));

    const probe = { dn: ADMIN_DN, password: ADMIN_PASSWORD };
    let port = 0;
    for (let attempt = 1; ; attempt += 1) {
      port = await freeLoopbackPort();
      try {
        tracked.slapd = await spawnSlapd({ confFile, port, probe, onLog, logTail });
        break;
      } catch (error) {
        // Another process may have grabbed the port between probe and spawn.
        if (attempt >= 3) throw error;
      }
    }
    const url = `ldap://127.0.0.1:${port}`;
    await asAdmin(url, async (client) => {
      for (const entry of fixtureEntries()) await client.add(entry.dn, toAttributes(entry.attributes));
    });

    const handle: SlapdHandle = {
      url,
      port,
      baseDn: BASE_DN,
      peopleDn: PEOPLE_DN,
      groupsDn: GROUPS_DN,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      adminDn: ADMIN_DN,
      adminPassword: ADMIN_PASSWORD,
      caFile: certificates.caFile,
      otherCaFile: certificates.otherCaFile,
      warbleUsersFilter: `(&(objectClass=inetOrgPerson)(memberOf=${FIXTURE_GROUPS.warbleUsers.dn}))`,
      users: FIXTURE_USERS,
      groups: FIXTURE_GROUPS,
      dir,
      get running() {
        const child = tracked.slapd?.child;
        return Boolean(child && child.exitCode === null && child.signalCode === null);
      },
      addEntry: (dn, attributes) => asAdmin(url, (client) => client.add(dn, toAttributes(attributes))),
      deleteEntry: (dn) => asAdmin(url, (client) => client.del(dn)),
      modify: (dn, changes) =>
        asAdmin(url, (client) =>
          client.modify(
            dn,
            changes.map(
              (change) =>
                new Change({
                  operation: change.operation,
                  modification: toAttribute(change.attribute, change.values),
                }),
            ),
          ),
        ),
      async stop() {
        if (tracked.slapd) await stopSlapd(tracked.slapd);
        tracked.slapd = undefined;
      },
      async restart() {
        if (tracked.slapd) await stopSlapd(tracked.slapd);
        tracked.slapd = await spawnSlapd({ confFile, port, probe, onLog, logTail });
      },
      async close() {
        if (tracked.slapd) await stopSlapd(tracked.slapd);
        tracked.slapd = undefined;
        rmSync(dir, { recursive: true, force: true });
        live.delete(tracked);
      },
      logMark: () => log.length,
      logSince: (mark) => log.slice(mark),
    };
    return handle;
  } catch (error) {
    if (tracked.slapd) await stopSlapd(tracked.slapd);
    rmSync(dir, { recursive: true, force: true });
    live.delete(tracked);
    throw error;
  }
}
