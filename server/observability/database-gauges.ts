/**
 * Gauges of the database connections, read when /metrics is scraped: on
 * PostgreSQL the pool (connections in use, idle, and requests waiting for
 * one — a pool too small for the load shows as waiting > 0); on SQLite the
 * write transactions queued behind the single writer.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Sequelize } from 'sequelize';
import { sqliteWritersWaiting } from '../db/sqlite-write-lock.js';

/** The part of sequelize-pool's Pool that the gauges read. */
interface PoolFigures {
  size: number;
  available: number;
  using: number;
  waiting: number;
}

function poolOf(sequelize: Sequelize): PoolFigures | undefined {
  // Sequelize keeps its pool on the connection manager, which its typings do not expose.
  const manager = (sequelize as unknown as { connectionManager?: { pool?: Partial<PoolFigures> } }).connectionManager;
  const pool = manager?.pool;
  return typeof pool?.using === 'number' ? (pool as PoolFigures) : undefined;
}

export function registerDatabaseGauges(registry: Registry, sequelize: Sequelize): void {
  const postgres = sequelize.getDialect() === 'postgres';
  new Gauge({
    name: 'warble_db_pool_connections',
    help: 'PostgreSQL pool connections by state (in_use, idle, waiting = requests waiting for a connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!postgres) return;
      const pool = poolOf(sequelize);
      this.set({ state: 'in_use' }, pool?.using ?? 0);
      this.set({ state: 'idle' }, pool?.available ?? 0);
      this.set({ state: 'waiting' }, pool?.waiting ?? 0);
    },
  });
  new Gauge({
    name: 'warble_db_writers_waiting',
    help: 'SQLite write transactions queued behind the one holding the write lock',
    registers: [registry],
    collect() {
      this.set(sqliteWritersWaiting(sequelize) ?? 0);
    },
  });
}
