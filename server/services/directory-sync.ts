/**
 * Directory sync: makes Warble's directory accounts and groups match the
 * directory. Every directory read happens before the first write, and any
 * failure aborts the run, so an outage or a half-answered search can never
 * deactivate anyone. One node at a time (a database lease).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../auth/access-revoker.js';
import type { DirectoryClient } from '../auth/ldap/directory-client.js';
import type { DirectoryGroup, DirectoryPerson } from '../auth/ldap/directory-types.js';
import type { SyncTrigger } from '../db/models/directory-sync-run.js';
import type { GroupRepository } from '../db/repositories/group-repository.js';
import type { LeaseRepository } from '../db/repositories/lease-repository.js';
import type { SyncCounts, SyncRunRepository } from '../db/repositories/sync-run-repository.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import type { Logger } from '../logging/logger.js';
import type { DirectoryGroupMirror } from './directory-groups.js';
import type { EventPublisher } from './events.js';
import type { DirectoryUserUpsert } from './directory-user-upsert.js';
import type { AuditLog } from './audit/audit-log.js';

const LEASE_NAME = 'directory-sync';
/** Longer than any sane sync; a crashed node's lease frees itself after this. */
const LEASE_TTL_MS = 30 * 60_000;

/** Result of one sync, for the log, the admin page and the CLI. */
export interface SyncReport extends SyncCounts {
  status: 'succeeded' | 'failed' | 'skipped';
  runId: string | null;
  error: string | null;
  durationMs: number;
}

/** Everything the sync needs, built once by the container. */
export interface DirectorySyncDeps {
  directory: DirectoryClient;
  sequelize: Sequelize;
  users: UserRepository;
  groups: GroupRepository;
  upsert: DirectoryUserUpsert;
  groupMirror: DirectoryGroupMirror;
  runs: SyncRunRepository;
  leases: LeaseRepository;
  revoker: AccessRevoker;
  logger: Logger;
  /** Records each run and each deactivation; optional for tools. */
  audit?: AuditLog;
  /** Tells `user.deactivated` in the deactivating transaction (read caches, live views); optional for tools. */
  events?: Pick<EventPublisher, 'recordEach'>;
}

/** What the directory said, read in full before anything is written. */
interface DirectorySnapshot {
  people: DirectoryPerson[];
  groups: DirectoryGroup[];
  admins: Set<string> | null;
}

const zeroCounts = (): SyncCounts => ({ added: 0, updated: 0, deactivated: 0, reactivated: 0, groups: 0 });

export class DirectorySyncService {
  readonly #deps: DirectorySyncDeps;
  readonly #holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(deps: DirectorySyncDeps) {
    this.#deps = deps;
  }

  /** Runs one sync unless another node (or this one) is already running it. Never throws for directory trouble. */
  async run(trigger: SyncTrigger): Promise<SyncReport> {
    const { leases, runs, logger } = this.#deps;
    const started = Date.now();
    if (!(await leases.acquire(LEASE_NAME, this.#holder, LEASE_TTL_MS))) {
      logger.info({ trigger, event: 'directory.sync.skipped' }, 'directory sync already running elsewhere');
      return { ...zeroCounts(), status: 'skipped', runId: null, error: null, durationMs: 0 };
    }
    const counts = zeroCounts();
    const run = await runs.start(trigger);
    try {
      const snapshot = await this.readDirectory();
      await this.refuseIfDirectoryLooksEmpty(snapshot);
      const accountIds = await this.upsertPeople(snapshot, counts);
      await this.mirrorGroups(snapshot.groups, accountIds, counts);
      await this.deactivateLeavers(new Set(accountIds.keys()), counts);
      await runs.succeed(run.id, counts);
      logger.info({ trigger, ...counts, event: 'directory.sync.succeeded' }, 'directory sync finished');
      await this.#deps.audit?.record({ action: 'directory.sync', actorId: null, actorLabel: 'directory', detail: { trigger, status: 'succeeded', ...counts } });
      return { ...counts, status: 'succeeded', runId: run.id, error: null, durationMs: Date.now() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await runs.fail(run.id, counts, message);
      logger.error({ trigger, ...counts, err: error, event: 'directory.sync.failed' }, 'directory sync aborted; nobody was deactivated');
      return { ...counts, status: 'failed', runId: run.id, error: message, durationMs: Date.now() - started };
    } finally {
      await leases.release(LEASE_NAME, this.#holder);
    }
  }

  /** All reads first: a DirectoryUnavailableError here aborts before any write. */
  private async readDirectory(): Promise<DirectorySnapshot> {
    const { directory } = this.#deps;
    const people = await directory.listPeople();
    const groups = await directory.listGroups({ people });
    const admins = await directory.listAdminUsernames(people);
    return { people, groups, admins };
  }

  /**
   * An empty answer while Warble knows active directory people is far more
   * likely a wrong filter or base DN than everyone leaving at once.
   */
  private async refuseIfDirectoryLooksEmpty(snapshot: DirectorySnapshot): Promise<void> {
    if (snapshot.people.length > 0) return;
    const active = (await this.#deps.users.listDirectoryAccounts()).filter((account) => account.deactivatedAt === null);
    if (active.length > 0) {
      throw new Error(
        `the directory returned nobody matching ldap.userFilter while ${active.length} directory accounts are active; ` +
          'refusing to deactivate them all (check ldap.baseDn and ldap.userFilter)',
      );
    }
  }

  /** Each person in their own transaction; returns lower-cased username -> account id for those synced. */
  private async upsertPeople(snapshot: DirectorySnapshot, counts: SyncCounts): Promise<Map<string, string>> {
    const { sequelize, upsert, logger } = this.#deps;
    const ids = new Map<string, string>();
    for (const person of snapshot.people) {
      const username = person.username.toLowerCase();
      const isAdmin = snapshot.admins ? snapshot.admins.has(person.username) : null;
      const outcome = await sequelize.transaction((transaction) => upsert.apply(person, { isAdmin }, transaction));
      if (outcome.kind === 'refused') {
        logger.warn({ username, dn: person.dn, conflict: outcome.reason }, 'directory sync: person skipped');
        continue;
      }
      ids.set(username, outcome.user.id);
      if (outcome.kind !== 'unchanged') counts[outcome.kind] += 1;
    }
    return ids;
  }

  /** Creates/refreshes groups and their members; archives directory groups that disappeared. */
  private async mirrorGroups(groups: DirectoryGroup[], accountIds: Map<string, string>, counts: SyncCounts): Promise<void> {
    const { sequelize, groupMirror, groups: repository } = this.#deps;
    const seen = new Set<string>();
    for (const group of groups) {
      if (group.name === '') continue;
      await sequelize.transaction(async (transaction) => {
        const { group: mirrored } = await groupMirror.ensureGroup(group, transaction);
        seen.add(mirrored.id);
        const memberIds = group.memberUsernames.flatMap((name) => accountIds.get(name.toLowerCase()) ?? []);
        await groupMirror.setMembers(mirrored.id, memberIds, transaction);
      });
      counts.groups += 1;
    }
    await sequelize.transaction(async (transaction) => {
      for (const stale of await repository.listActiveDirectoryGroups(transaction)) {
        if (seen.has(stale.id)) continue;
        stale.set({ archivedAt: new Date() });
        await stale.save({ transaction });
        await groupMirror.setMembers(stale.id, [], transaction);
      }
    });
  }

  /** Deactivates directory accounts no longer in the directory (or no longer matching the filter), then ends their sessions and tokens. */
  private async deactivateLeavers(present: Set<string>, counts: SyncCounts): Promise<void> {
    const { sequelize, users, revoker, logger } = this.#deps;
    const leavers = (await users.listDirectoryAccounts()).filter(
      (account) => account.deactivatedAt === null && !present.has(account.username),
    );
    if (leavers.length === 0) return;
    await sequelize.transaction(async (transaction) => {
      await users.deactivate(leavers.map((account) => account.id), new Date(), transaction);
      await this.#deps.events?.recordEach(transaction, 'user.deactivated', leavers.map((account) => ({ userId: account.id })));
    });
    counts.deactivated += leavers.length;
    // After commit: sessions end at once (the current-user middleware also refuses deactivated people).
    for (const account of leavers) {
      const revoked = await revoker.revokeAll(account.id);
      await this.#deps.audit?.record({
        action: 'user.deactivated',
        actorId: null,
        actorLabel: 'directory',
        targetType: 'user',
        targetId: account.id,
        detail: { username: account.username, ...revoked },
      });
      logger.info(
        { userId: account.id, username: account.username, ...revoked, event: 'directory.user.deactivated' },
        'directory account deactivated',
      );
    }
  }
}
