/**
 * Prometheus metrics (prom-client) on one registry per container, so tests and
 * several apps in one process never mix their numbers. Other parts record
 * through the typed fields here; nothing else creates metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  dbQueryDuration: Histogram<'kind'>;
  signInFailures: Counter<'reason'>;
  jobRuns: Counter<'job' | 'outcome'>;
  socketsConnected: Gauge;
  eventsDelivered: Counter<'event'>;
  readCacheLookups: Counter<'cache' | 'outcome'>;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'warble_' });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'warble_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'warble_db_query_duration_seconds',
      help: 'Database queries (through Sequelize and the SQLite read connections), by statement kind',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: 'warble_sign_in_failures_total',
      help: 'Failed sign-ins by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'warble_job_runs_total',
      help: 'Background job runs by job and outcome',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    socketsConnected: new Gauge({
      name: 'warble_sockets_connected',
      help: 'Live (Socket.IO and streaming) connections on this node',
      registers: [registry],
    }),
    eventsDelivered: new Counter({
      name: 'warble_events_delivered_total',
      help: 'Live events delivered to connections, by event',
      labelNames: ['event'],
      registers: [registry],
    }),
    readCacheLookups: new Counter({
      name: 'warble_read_cache_lookups_total',
      help: 'Records looked up in the read caches (posts, accounts...), by cache and hit or miss',
      labelNames: ['cache', 'outcome'],
      registers: [registry],
    }),
  };
}

/** SELECT, INSERT, UPDATE, … from a SQL statement (the label stays low-cardinality). */
export function statementKind(sql: string): string {
  const match = /^\s*(?:Executed \([^)]*\):\s*)?([A-Za-z]+)/.exec(sql);
  const word = match?.[1]?.toUpperCase() ?? 'OTHER';
  return ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'BEGIN', 'COMMIT', 'ROLLBACK', 'PRAGMA'].includes(word) ? word : 'OTHER';
}
