/**
 * Reads the figures a soak run watches from the server's own /metrics
 * (prom-client default metrics), so they are measured inside the server
 * process rather than in the load generator.
 */

export interface ServerFigures {
  /** Event-loop delay p99 since the previous scrape (prom-client resets its histogram on every collect). */
  eventLoopP99Ms: number;
  heapUsedMb: number;
  /** What V8 holds from the system for its heap: RSS growth without heap-used growth shows here first. */
  heapTotalMb: number;
  externalMb: number;
  activeHandles: number;
}

function sample(text: string, name: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
}

function sumOf(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Scrapes /metrics (loopback may scrape without a token) and picks the soak figures out of it. */
export async function scrapeServerFigures(url: string): Promise<ServerFigures> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    eventLoopP99Ms: Math.round(sample(text, 'warble_nodejs_eventloop_lag_p99_seconds') * 1000 * 10) / 10,
    heapUsedMb: mb(sample(text, 'warble_nodejs_heap_size_used_bytes')),
    heapTotalMb: mb(sample(text, 'warble_nodejs_heap_size_total_bytes')),
    externalMb: mb(sample(text, 'warble_nodejs_external_memory_bytes')),
    activeHandles: sumOf(text, 'warble_nodejs_active_handles'),
  };
}

/**
 * Every SQL statement the server has run so far (Sequelize's and the SQLite
 * read connections', all kinds, BEGIN and COMMIT included): the difference
 * over a run divided by its requests is statements per request.
 */
export async function statementsSoFar(url: string): Promise<number> {
  // NaN rather than a hang when the server is too far behind to answer (the row then shows no count).
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) });
    return sumOf(await response.text(), 'warble_db_query_duration_seconds_count');
  } catch {
    return NaN;
  }
}
