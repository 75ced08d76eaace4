/**
 * What the HTTP benchmarks share: signing in as a seeded person (the seeder
 * gives everyone one password) and one autocannon run reported as a row of
 * req/s, p50/p99 and the server's RSS. Kept here so every benchmark prints
 * the same columns.
 */
import autocannon from 'autocannon';
import type { BenchServer } from './server-process.js';

/** The password bench/company-seed.ts gives every person (and other benchmarks give theirs). */
export const BENCH_PASSWORD = 'bench password 123';

/** A signed-in browser session: its cookie and a CSRF token for writes. */
export interface BenchSession {
  cookie: string;
  csrf: string;
}

export interface BenchRow {
  route: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'non-2xx': number;
  'server RSS MB': number;
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');

/** Signs in through the login form, as a browser does. */
export async function signIn(url: string, username: string): Promise<BenchSession> {
  const page = await fetch(`${url}/login`);
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page) },
    body: new URLSearchParams({ _csrf: csrfIn(await page.text()), login: username, password: BENCH_PASSWORD }),
  });
  if (response.status !== 302) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  const cookie = cookiesOf(response);
  const settings = await fetch(`${url}/settings`, { headers: { cookie } });
  return { cookie, csrf: csrfIn(await settings.text()) };
}

/** One autocannon run against the server, as a row of the printed table. */
export async function measure(server: BenchServer, route: string, options: autocannon.Options): Promise<BenchRow> {
  const result = await autocannon(options);
  return {
    route,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx': result.non2xx + result.errors,
    'server RSS MB': server.rssMb(),
  };
}

/** Rotates the people across requests (cookie and CSRF token), so caches see a realistic spread of viewers. */
export function rotating(sessions: BenchSession[], request: Omit<autocannon.Request, 'setupRequest'>): autocannon.Request[] {
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
