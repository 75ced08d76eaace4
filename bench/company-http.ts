/**
 * The HTTP half of bench/company.ts: each route under autocannon at the same
 * concurrency, signed-in people rotating, with the SQL statements the server
 * ran over the run (from /metrics) divided by the requests it answered.
 */
import autocannon from 'autocannon';
import { rotating, type BenchSession } from './bench-http.js';
import type { SeededCompany } from './company-seed.js';
import type { BenchServer } from './server-process.js';
import { statementsSoFar } from './server-metrics.js';

export interface RouteRow {
  route: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'non-2xx': number;
  'statements/req': number;
  /** The server's CPU time over the run divided by the requests answered. */
  'server CPU ms/req': number;
  'server RSS MB': number;
  /** Why the route was not measured, when it was not. */
  note?: string;
}

export interface HttpOptions {
  connections: number;
  seconds: number;
  postSeconds: number;
  /** Path of an RSS feed to measure; none in this build yet (see docs/architecture.md). */
  rssPath?: string;
}

async function run(server: BenchServer, route: string, options: autocannon.Options): Promise<RouteRow> {
  const before = await statementsSoFar(server.url);
  const cpuBefore = server.cpuMs();
  // A request still unanswered after 10 s counts as an error (autocannon's timeout), not as a wait.
  const result = await autocannon({ timeout: 10, ...options });
  // The scrape itself runs no SQL; background jobs may add a few statements to a 10 s window.
  const statements = (await statementsSoFar(server.url)) - before;
  const cpu = server.cpuMs() - cpuBefore;
  return {
    route,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx': result.non2xx + result.errors,
    'statements/req': result.requests.total > 0 ? Math.round((statements / result.requests.total) * 10) / 10 : NaN,
    'server CPU ms/req': result.requests.total > 0 ? Math.round((cpu / result.requests.total) * 100) / 100 : NaN,
    'server RSS MB': server.rssMb(),
  };
}

const notMeasured = (route: string, note: string): RouteRow => ({ route, 'req/s': 0, 'p50 ms': 0, 'p99 ms': 0, 'non-2xx': 0, 'statements/req': 0, 'server CPU ms/req': 0, 'server RSS MB': 0, note });

export async function measureRoutes(server: BenchServer, company: SeededCompany, sessions: BenchSession[], options: HttpOptions): Promise<RouteRow[]> {
  const { connections, seconds: duration } = options;
  const get = (path: string, headers: Record<string, string> = {}) => ({
    connections,
    duration,
    url: server.url,
    requests: rotating(sessions, { method: 'GET', path, headers }),
  });
  const rows: RouteRow[] = [];
  const step = async (route: string, work: () => Promise<RouteRow>) => {
    console.error(`… ${route}`);
    rows.push(await work());
  };
  await step('hello (/healthz)', () => run(server, 'hello (/healthz)', { connections, duration, url: `${server.url}/healthz` }));
  await step('home API', () => run(server, 'home API (/api/v1/timelines/home)', get('/api/v1/timelines/home')));
  await step('home HTML', () => run(server, 'home HTML (/)', get('/', { accept: 'text/html' })));
  await step('company', () => run(server, 'company (/api/v1/timelines/public)', get('/api/v1/timelines/public')));
  await step('group', () => run(server, 'group timeline (biggest group)', get(`/api/v1/timelines/group/${company.bigGroupId}`)));
  await step('tag', () => run(server, `tag timeline (#${company.topTag})`, get(`/api/v1/timelines/tag/${company.topTag}`)));
  if (options.rssPath) {
    const probe = await fetch(`${server.url}${options.rssPath}`, { headers: { cookie: sessions[0]!.cookie } });
    await step('RSS', async () =>
      probe.ok ? run(server, `RSS (${options.rssPath})`, get(options.rssPath!)) : notMeasured(`RSS (${options.rssPath})`, `answered ${probe.status}`),
    );
  } else {
    rows.push(notMeasured('RSS', 'no RSS route in this build (pass --rss PATH)'));
  }
  await step('posting', () =>
    run(server, `posting (POST /api/v1/statuses, ${options.postSeconds} s)`, {
      connections,
      duration: options.postSeconds,
      url: server.url,
      requests: rotating(sessions, {
        method: 'POST',
        path: '/api/v1/statuses',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: `Benchmark post about #${company.topTag} for @user3` }),
      }),
    }),
  );
  return rows;
}
