/**
 * Load on a seeded company (bench/seed-company.ts): the hello route (the
 * ceiling), the home timeline (20 posts with authors and counts) for many
 * different people, the same home as the HTML page (GET /: the timeline plus
 * the navigation badge, compose box, announcement banner and trending box),
 * the company timeline, and post creation, each at
 * BENCH_CONNECTIONS concurrent connections. The server runs in its own
 * process; prints req/s, p50/p99 latency and server RSS.
 *
 *   npx tsx bench/seed-company.ts && npx tsx bench/load-timeline.ts
 *   (BENCH_DATA_DIR, BENCH_CONNECTIONS=50, BENCH_SECONDS=10, BENCH_PEOPLE=40)
 */
import { measure, rotating, signIn, type BenchRow, type BenchSession } from './bench-http.js';
import { startBenchServer } from './server-process.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const people = Number(process.env.BENCH_PEOPLE ?? 40);
const dataDir = process.env.BENCH_DATA_DIR ?? './bench-data';
const server = await startBenchServer({ ...process.env, WARBLE_DATA_DIR: dataDir });
try {
  // Spread over the popularity ranks: a few very connected people and many ordinary ones.
  const usernames = Array.from({ length: people }, (_, index) => `user${index * 97 + 3}`);
  const sessions: BenchSession[] = [];
  for (const username of usernames) sessions.push(await signIn(server.url, username));
  // One home page each before measuring: caches warm, and home feeds (when kept) built, as for people who read daily.
  for (const session of sessions) await fetch(`${server.url}/api/v1/timelines/home`, { headers: { cookie: session.cookie } });
  const rows: BenchRow[] = [];
  rows.push(await measure(server, 'hello (/healthz)', { connections, duration, url: `${server.url}/healthz` }));
  rows.push(
    await measure(server, 'home timeline (20 posts)', { connections, duration,
      url: server.url,
      requests: rotating(sessions, { method: 'GET', path: '/api/v1/timelines/home' }),
    }),
  );
  rows.push(
    await measure(server, 'home page HTML (GET /)', { connections, duration,
      url: server.url,
      requests: rotating(sessions, { method: 'GET', path: '/', headers: { accept: 'text/html' } }),
    }),
  );
  rows.push(
    await measure(server, 'company timeline (20 posts)', { connections, duration,
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
      await measure(server, 'create post (with fan-out)', { connections, duration,
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
