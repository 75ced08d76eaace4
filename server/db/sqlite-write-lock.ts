/**
 * One writer at a time per process on SQLite, committed in groups.
 *
 * SQLite allows a single writer. Sequelize opens a connection per transaction,
 * so concurrent writers would each wait inside SQLite's busy handler — and
 * node-sqlite3 runs that wait on libuv's small threadpool, where enough
 * waiting writers starve the one that holds the lock (measured: 50 concurrent
 * post creations stalled completely). Queueing transactions in the process
 * before BEGIN removes that contention; the busy timeout still covers other
 * processes (e.g. `warble user add` while the server runs). Transactions
 * that queue up while one runs are committed together (sqlite-group-commit.ts),
 * all on one long-lived connection (sqlite-write-connection.ts).
 *
 * Only managed transactions (`sequelize.transaction(async (t) => …)`) are
 * queued; nested calls inside one would deadlock, and Warble never nests.
 */
import type { Sequelize, Transaction, TransactionOptions } from 'sequelize';
import { GroupCommitQueue, type Work } from './sqlite-group-commit.js';
import { keepOneWriteConnection } from './sqlite-write-connection.js';

type ManagedTransaction = <T>(
  optionsOrWork: TransactionOptions | ((transaction: Transaction) => PromiseLike<T>),
  work?: (transaction: Transaction) => PromiseLike<T>,
) => Promise<T>;

/** The queue of each SQLite database, for /metrics. */
const queues = new WeakMap<Sequelize, GroupCommitQueue>();

export function serializeSqliteTransactions(sequelize: Sequelize): void {
  const original = sequelize.transaction.bind(sequelize) as unknown as ManagedTransaction;
  const queue = new GroupCommitQueue((options, work) => original(options, work));
  queues.set(sequelize, queue);
  const queued: ManagedTransaction = <T>(
    optionsOrWork: TransactionOptions | Work<T>,
    work?: Work<T>,
  ): Promise<T> => {
    if (typeof optionsOrWork === 'function') return queue.run({}, optionsOrWork);
    if (typeof work === 'function') return queue.run(optionsOrWork, work);
    return original(optionsOrWork, work);
  };
  (sequelize as unknown as { transaction: ManagedTransaction }).transaction = queued;
  keepOneWriteConnection(sequelize);
}

/** How many write transactions wait for the writer now; undefined when the database is not SQLite. */
export function sqliteWritersWaiting(sequelize: Sequelize): number | undefined {
  return queues.get(sequelize)?.waiting;
}
