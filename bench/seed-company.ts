/**
 * Seeds a company for benchmarks (bench/company-seed.ts) from the command
 * line, sized by environment variables. bench/company.ts seeds for itself;
 * this is for the older benchmarks that read ./bench-data.
 *
 *   npx tsx bench/seed-company.ts            # into ./bench-data (SQLite)
 *   BENCH_DATA_DIR=/tmp/x BENCH_USERS=100000 BENCH_POSTS=5000000 npx tsx bench/seed-company.ts
 *   WARBLE_DATABASE_URL=postgres://… npx tsx bench/seed-company.ts
 *
 * Seed an empty database: the rows are written without checking for ones
 * already there.
 */
import { loadConfig } from '../server/config/load-config.js';
import { resolveDatabaseTarget } from '../server/db/database-url.js';
import { seedCompany } from './company-seed.js';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const dataDir = process.env.BENCH_DATA_DIR ?? './bench-data';
const config = loadConfig({ env: { ...process.env, WARBLE_DATA_DIR: dataDir } });
const seeded = await seedCompany(resolveDatabaseTarget(config.database.url, config.dataDir), {
  people: size('BENCH_USERS', 10_000),
  posts: size('BENCH_POSTS', 1_000_000),
  groups: size('BENCH_GROUPS', 200),
  follows: size('BENCH_FOLLOWS', 100),
});
console.log(`seeded ${seeded.people} people, ${seeded.followRows} follows, ${seeded.groups} groups, ${seeded.posts} posts in ${seeded.seconds} s into ${config.database.url || dataDir}`);
