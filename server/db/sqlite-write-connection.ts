/**
 * Keeps one SQLite connection for every write transaction.
 *
 * Sequelize's SQLite dialect opens a new database connection for every
 * transaction (and runs its PRAGMAs) and closes it after commit, which cost
 * more than a small write itself (issue 14: 3 of a post's 59 statements,
 * plus opening the file). Warble runs write transactions one at a time
 * (sqlite-write-lock.ts), so they can share one long-lived connection.
 */
import type { Sequelize } from 'sequelize';

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
export function keepOneWriteConnection(sequelize: Sequelize): void {
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
