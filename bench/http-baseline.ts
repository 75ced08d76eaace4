/**
 * Baseline HTTP numbers for one Warble node on SQLite: the trivial /healthz
 * route (the ceiling on this machine), a signed-in page render (session
 * lookup, user lookup, Handlebars), and the sign-in form page. Prints req/s,
 * p50/p99 latency and server RSS. Run: `npx tsx bench/http-baseline.ts`
 * (env: BENCH_CONNECTIONS=50, BENCH_SECONDS=10).
 */
import autocannon from 'autocannon';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBenchServer, warble, type BenchServer } from './server-process.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const duration = Number(process.env.BENCH_SECONDS ?? 10);

async function signedInCookie(url: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, login: 'bench', password: 'bench password 123' }),
  });
  if (response.status !== 302) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function measure(server: BenchServer, title: string, url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration, headers });
  const rssMb = server.rssMb();
  return {
    title,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
    'server RSS MB': rssMb,
  };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'warble-bench-'));
const env = { ...process.env, WARBLE_DATA_DIR: dataDir, WARBLE_LOG_LEVEL: 'silent' };
warble(['user', 'add', 'bench', '--admin', '--password-stdin'], env, 'bench password 123\n');
const running = await startBenchServer(env);
try {
  const cookie = await signedInCookie(running.url);
  const rows = [
    await measure(running, 'hello (/healthz)', `${running.url}/healthz`),
    await measure(running, 'signed-in page (/settings)', `${running.url}/settings`, { cookie }),
    await measure(running, 'anonymous sign-in page (/login)', `${running.url}/login`),
  ];
  const ceiling = rows[0]!['req/s'];
  console.log(`one node, SQLite, ${connections} connections, ${duration} s each; server (own process) and load generator share ${os.cpus().length} cores`);
  console.table(rows.map((row) => ({ ...row, 'vs hello': `${Math.round((row['req/s'] / ceiling) * 100)}%` })));
} finally {
  await running.stop();
  await rm(dataDir, { recursive: true, force: true });
}
