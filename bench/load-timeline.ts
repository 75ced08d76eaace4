/**
 * Load on a seeded company (bench/seed-company.ts): the hello route (the
 * ceiling), the home timeline (20 posts with authors and counts) for many
 * different people, the company timeline, and post creation, each at
 * BENCH_CONNECTIONS concurrent connections. The server runs in its own
 * process; prints req/s, p50/p99 latency and server RSS.
 *
 *   npx tsx bench/seed-company.ts && npx tsx bench/load-timeline.ts
 *   (BENCH_DATA_DIR, BENCH_CONNECTIONS=50, BENCH_SECONDS=10, BENCH_PEOPLE=40)
 */
import autocannon from 'autocannon';
import { startBenchServer, type BenchServer } from './server-process.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const people = Number(process.env.BENCH_PEOPLE ?? 40);
const dataDir = process.env.BENCH_DATA_DIR ?? './bench-data';
const PASSWORD = 'bench password 123';

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(url: string, username: string): Promise<Session> {
  const jar = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  const page = await fetch(`${url}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar(page) },
    body: new URLSearchParams({ _csrf: token, login: username, password: PASSWORD }),
  });
  if (response.status !== 302) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  const cookie = jar(response);
  const settings = await fetch(`${url}/settings`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await settings.text())?.[1] ?? '';
  return { cookie, csrf };
}

interface Row {
  route: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'non-2xx': number;
  'server RSS MB': number;
}

async function measure(server: BenchServer, route: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections, duration, ...options });
  return {
    route,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx': result.non2xx + result.errors,
    'server RSS MB': server.rssMb(),
  };
}

/** Rotates the people across requests, so caches see a realistic spread of viewers. */
function rotating(sessions: Session[], request: Omit<autocannon.Request, 'setupRequest'>): autocannon.Request[] {
  let next = 0;
  return [
    {
      ...request,
      setupRequest: (req) => {
        const session = sessions[next++ % sessions.length]!;
        return { ...req, headers: { ...req.headers, cookie: session.cookie, 'x-csrf-token': session.csrf } };
      },
    },
  ];
}

const server = await startBenchServer({ ...process.env, WARBLE_DATA_DIR: dataDir });
try {
  // Spread over the popularity ranks: a few very connected people and many ordinary ones.
  const usernames = Array.from({ length: people }, (_, index) => `user${index * 97 + 3}`);
  const sessions: Session[] = [];
  for (const username of usernames) sessions.push(await signIn(server.url, username));
  const rows: Row[] = [];
  rows.push(await measure(server, 'hello (/healthz)', { url: `${server.url}/healthz` }));
  rows.push(
    await measure(server, 'home timeline (20 posts)', {
      url: server.url,
      requests: rotating(sessions, { method: 'GET', path: '/api/v1/timelines/home' }),
    }),
  );
  rows.push(
    await measure(server, 'company timeline (20 posts)', {
      url: server.url,
      requests: rotating(sessions, { method: 'GET', path: '/api/v1/timelines/public' }),
    }),
  );
  const probe = await fetch(`${server.url}/api/v1/statuses`, {
    method: 'POST',
    headers: { cookie: sessions[0]!.cookie, 'x-csrf-token': sessions[0]!.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'probe' }),
  });
  if (probe.ok) {
    rows.push(
      await measure(server, 'create post (with fan-out)', {
        url: server.url,
        requests: rotating(sessions, {
          method: 'POST',
          path: '/api/v1/statuses',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'Benchmark post about #tag1 for @user3' }),
        }),
      }),
    );
  } else {
    console.log(`(post creation not measured: POST /api/v1/statuses answered ${probe.status})`);
  }
  const ceiling = rows[0]!['req/s'];
  console.log(`one node, ${dataDir}, ${connections} connections, ${duration} s per route, ${people} people rotating`);
  console.table(rows.map((row) => ({ ...row, 'vs hello': `${((row['req/s'] / ceiling) * 100).toFixed(1)}%` })));
} finally {
  await server.stop();
}
