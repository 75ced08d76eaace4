/**
 * One write transaction at a time per process on SQLite.
 *
 * SQLite allows a single writer. Sequelize opens a connection per transaction,
 * so concurrent writers would each wait inside SQLite's busy handler — and
 * node-sqlite3 runs that wait on libuv's small threadpool, where enough
 * waiting writers starve the one that holds the lock (measured: 50 concurrent
 * post creations stalled completely). Queueing transactions in the process
 * before BEGIN removes that contention; the busy timeout still covers other
 * processes (e.g. `warble user add` while the server runs).
 *
 * Only managed transactions (`sequelize.transaction(async (t) => …)`) are
 * queued; nested calls inside one would deadlock, and Warble never nests.
 */
import { Mutex } from 'async-mutex';
import type { Sequelize, Transaction, TransactionOptions } from 'sequelize';

type ManagedTransaction = <T>(
  optionsOrWork: TransactionOptions | ((transaction: Transaction) => PromiseLike<T>),
  work?: (transaction: Transaction) => PromiseLike<T>,
) => Promise<T>;

/** Transactions queued behind the one holding the write lock, per database (for /metrics). */
const waitingBySequelize = new WeakMap<Sequelize, { count: number }>();

export function serializeSqliteTransactions(sequelize: Sequelize): void {
  const lock = new Mutex();
  const waiting = { count: 0 };
  waitingBySequelize.set(sequelize, waiting);
  const original = sequelize.transaction.bind(sequelize) as unknown as ManagedTransaction;
  const queued: ManagedTransaction = (optionsOrWork, work) => {
    const managed = typeof optionsOrWork === 'function' || typeof work === 'function';
    if (!managed) return original(optionsOrWork, work);
    waiting.count += 1;
    return lock.runExclusive(() => {
      waiting.count -= 1;
      return original(optionsOrWork, work);
    });
  };
  (sequelize as unknown as { transaction: ManagedTransaction }).transaction = queued;
}

/** How many write transactions wait for the lock now; undefined when the database is not SQLite. */
export function sqliteWritersWaiting(sequelize: Sequelize): number | undefined {
  return waitingBySequelize.get(sequelize)?.count;
}
