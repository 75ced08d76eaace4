/**
 * Company-scale benchmark (issue 14): seeds (or reuses) a company of the
 * given size, starts Warble in its own process on it, and measures in one run
 * the hello route, home API and HTML, company, group and tag timelines, RSS,
 * sustained posting and live delivery to many sockets. Prints req/s, p50/p99,
 * the ratio to hello, SQL statements per request and the server's RSS after
 * each route.
 *
 *   npm run bench:company -- --people 10000 --posts 1000000
 *   npm run bench:company -- --people 100000 --posts 5000000 --db postgres --keep
 *
 * Flags: --people (10000), --posts (1000000), --groups (200), --follows (mean
 * followees, 100), --db sqlite|postgres, --seconds per read route (10),
 * --post-seconds (60), --sockets (2000), --connections (50), --rss PATH,
 * --keep / --database NAME (PostgreSQL: keep the database, reuse a kept one),
 * --seed-only. Env: BENCH_DATA_ROOT (/tmp/warble-bench), BENCH_PG_URL,
 * BENCH_REDIS_URL. Stops itself after --max-minutes (90).
 */
import { parseArgs } from 'node:util';
import { signIn, type BenchSession } from './bench-http.js';
import { measureRoutes } from './company-http.js';
import { measureLiveDelivery } from './company-live.js';
import { printResults } from './company-table.js';
import { prepareWorld } from './company-world.js';
import { startBenchServer } from './server-process.js';

const { values: flags } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    posts: { type: 'string', default: '1000000' },
    groups: { type: 'string', default: '200' },
    follows: { type: 'string', default: '100' },
    db: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string', default: '10' },
    'post-seconds': { type: 'string', default: '60' },
    sockets: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '50' },
    rss: { type: 'string' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    'max-minutes': { type: 'string', default: '90' },
  },
});
if (flags.db !== 'sqlite' && flags.db !== 'postgres') throw new Error('--db is sqlite or postgres');
const hardStop = setTimeout(() => {
  console.error(`benchmark stopped by its own deadline (${flags['max-minutes']} min)`);
  process.exit(2);
}, Number(flags['max-minutes']) * 60_000);
hardStop.unref();

const size = { people: Number(flags.people), posts: Number(flags.posts), groups: Number(flags.groups), follows: Number(flags.follows) };
const world = await prepareWorld({
  size,
  db: flags.db,
  keep: flags.keep || flags.database !== undefined,
  database: flags.database,
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
});
try {
  if (!flags['seed-only']) {
    const server = await startBenchServer(world.env);
    try {
      // Spread over the popularity ranks (rank 0-2 are followed by everyone): a few very connected people, many ordinary ones.
      const people = Math.min(40, size.people - 1);
      const sessions: BenchSession[] = [];
      for (let index = 0; index < people; index += 1) sessions.push(await signIn(server.url, `user${1 + Math.floor((index * (size.people - 1)) / people)}`));
      const rows = await measureRoutes(server, world.company, sessions, {
        connections: Number(flags.connections),
        seconds: Number(flags.seconds),
        postSeconds: Number(flags['post-seconds']),
        rssPath: flags.rss,
      });
      console.error(`… live delivery to ${flags.sockets} sockets`);
      const author = await signIn(server.url, 'user0');
      const live = Number(flags.sockets) > 0 ? await measureLiveDelivery(server, author, sessions, Number(flags.sockets)) : undefined;
      const seeded = world.seededNow > 0 ? `seeded in this run in ${world.seededNow} s` : `reused (seeded in ${world.company.seconds} s)`;
      printResults(
        `${new Date().toISOString().slice(0, 10)}: ${size.people} people, ${size.posts} posts, ${world.company.followRows} follows, ${size.groups} groups (${seeded}); ${world.label}; ` +
          `${flags.connections} connections, ${flags.seconds} s per read route, ${flags['post-seconds']} s posting, ${people} people rotating`,
        rows,
        live,
      );
    } finally {
      await server.stop();
    }
  }
} finally {
  await world.cleanup();
}
process.exit(0);
