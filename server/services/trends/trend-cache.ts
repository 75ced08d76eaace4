/**
 * Computed trends kept in memory per node for a short while (60 s by
 * default), keyed by scope and window: the generic per-node TTL cache
 * (services/cache/ttl-cache.ts). Nothing invalidates an entry: trends are a
 * slow-moving summary, so a minute's staleness is the price of running the
 * aggregate queries at most once a minute per key instead of on every home
 * page. The service serves the previous value while one refresh runs, so no
 * page waits for the aggregate after the first.
 */
export { TtlCache as TrendCache } from '../cache/ttl-cache.js';
