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
 *
 * Because transactions run one at a time, they can also share one
 * long-lived connection: Sequelize's SQLite dialect otherwise opens a new
 * database connection for every transaction (and runs its PRAGMAs) and
 * closes it after commit, which cost more than a small write itself
 * (issue 14: 3 of a post's 59 statements, plus opening the file).
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
  keepOneWriteConnection(sequelize);
}

/** A node-sqlite3 connection, as far as this module needs it. */
interface SqliteConnection {
  close(callback: (error: Error | null) => void): void;
}

/** The parts of Sequelize's (untyped) SQLite connection manager this module wraps. */
interface SqliteConnectionManager {
  connections: Record<string, SqliteConnection>;
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): unknown;
  destroyConnection(connection: SqliteConnection): Promise<unknown>;
}

const WRITER = 'warble-writer';

/**
 * Every transaction gets the same connection (Sequelize opens it on first
 * use under the name WRITER and keeps it in its own table), and finishing a
 * transaction no longer closes it. Queries outside transactions keep
 * Sequelize's `default` connection. A connection Sequelize gives up on (a
 * COMMIT or ROLLBACK that failed) is closed and forgotten, so the next
 * transaction starts on a fresh one. `sequelize.close()` closes it with the
 * others.
 */
function keepOneWriteConnection(sequelize: Sequelize): void {
  const manager = (sequelize as unknown as { connectionManager: SqliteConnectionManager }).connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const destroyConnection = manager.destroyConnection.bind(manager);
  let writer: SqliteConnection | null = null;
  manager.getConnection = async (options = {}) => {
    const forTransaction = options.uuid !== undefined && options.uuid !== 'default';
    if (!forTransaction) return getConnection(options);
    writer = await getConnection({ ...options, uuid: WRITER });
    return writer;
  };
  manager.releaseConnection = (connection, force) => {
    if (connection === writer && force !== true) return undefined;
    return releaseConnection(connection, force);
  };
  manager.destroyConnection = async (connection) => {
    if (connection !== writer) return destroyConnection(connection);
    writer = null;
    delete manager.connections[WRITER];
    await new Promise<void>((resolve) => connection.close(() => resolve()));
    return undefined;
  };
}

/** How many write transactions wait for the lock now; undefined when the database is not SQLite. */
export function sqliteWritersWaiting(sequelize: Sequelize): number | undefined {
  return waitingBySequelize.get(sequelize)?.count;
}
