/**
 * Where bench/company.ts runs: a seeded company of the requested size and the
 * environment a server needs to serve it.
 *
 * SQLite: a data directory named by size under BENCH_DATA_ROOT (default
 * /tmp/warble-bench, outside the repository), seeded once and reused; the
 * marker `company.json` is written only after seeding finished, so a run
 * stopped half-way seeds again from scratch.
 * PostgreSQL + Redis: a uniquely named database and Redis key prefix, dropped
 * at the end unless `keep`; `database` names a kept one to reuse instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { seedCompany, type CompanySize, type SeededCompany } from './company-seed.js';

export interface WorldOptions {
  size: CompanySize;
  db: 'sqlite' | 'postgres';
  keep: boolean;
  /** PostgreSQL: a kept database to reuse (its marker is in the data directory). */
  database?: string;
  pgAdminUrl: string;
  redisUrl: string;
}

export interface World {
  company: SeededCompany;
  /** Seconds spent seeding in this run (0 when reused). */
  seededNow: number;
  env: NodeJS.ProcessEnv;
  label: string;
  cleanup(): Promise<void>;
}

const root = process.env.BENCH_DATA_ROOT ?? '/tmp/warble-bench';

async function readMarker(file: string): Promise<SeededCompany | undefined> {
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as SeededCompany) : undefined;
}

async function seedInto(dataDir: string, marker: string, target: Parameters<typeof seedCompany>[0], size: CompanySize) {
  const cpuBefore = process.cpuUsage();
  console.error(`seeding ${size.people} people, ${size.posts} posts …`);
  const company = await seedCompany(target, size, (line) => console.error(line));
  const cpu = process.cpuUsage(cpuBefore);
  console.error(`seeded in ${company.seconds} s (CPU ${Math.round((cpu.user + cpu.system) / 1e6)} s in this process)`);
  await writeFile(marker, JSON.stringify(company, null, 2));
  return company;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function prepareWorld(options: WorldOptions): Promise<World> {
  const { size } = options;
  const name = `company-${size.people}-${size.posts}-${size.groups}g-${size.follows}f`;
  const sessionSecret = randomBytes(32).toString('hex');
  if (options.db === 'sqlite') {
    const dataDir = path.join(root, name);
    const marker = path.join(dataDir, 'company.json');
    let company = await readMarker(marker);
    let seededNow = 0;
    if (!company) {
      await rm(dataDir, { recursive: true, force: true });
      await mkdir(dataDir, { recursive: true });
      company = await seedInto(dataDir, marker, { dialect: 'sqlite', storage: path.join(dataDir, 'warble.sqlite') }, size);
      seededNow = company.seconds;
    }
    const env = { ...process.env, WARBLE_DATA_DIR: dataDir, WARBLE_DATABASE_URL: '', WARBLE_REDIS_URL: '', WARBLE_SESSION_SECRET: sessionSecret, WARBLE_HOST: '127.0.0.1' };
    return { company, seededNow, env, label: `SQLite, ${dataDir}`, cleanup: async () => undefined };
  }

  const database = options.database ?? `warble_bench_${randomBytes(4).toString('hex')}`;
  const dataDir = path.join(root, `${name}-pg-${database}`);
  const marker = path.join(dataDir, 'company.json');
  const url = new URL(options.pgAdminUrl);
  url.pathname = `/${database}`;
  let company = options.database ? await readMarker(marker) : undefined;
  if (options.database && !company) throw new Error(`no seeded company recorded for database ${database} (${marker})`);
  let seededNow = 0;
  if (!company) {
    await mkdir(dataDir, { recursive: true });
    await admin(options.pgAdminUrl, (client) => client.query(`CREATE DATABASE ${database}`));
    company = await seedInto(dataDir, marker, { dialect: 'postgres', url: url.toString() }, size);
    seededNow = company.seconds;
  }
  const keyPrefix = `warble-bench-${randomBytes(4).toString('hex')}:`;
  const env = {
    ...process.env,
    WARBLE_DATA_DIR: dataDir,
    WARBLE_DATABASE_URL: url.toString(),
    WARBLE_REDIS_URL: options.redisUrl,
    WARBLE_REDIS_KEY_PREFIX: keyPrefix,
    WARBLE_SESSION_SECRET: sessionSecret,
    WARBLE_HOST: '127.0.0.1',
  };
  return {
    company,
    seededNow,
    env,
    label: `PostgreSQL + Redis, database ${database}${options.keep ? ' (kept: reuse with --database ' + database + ')' : ''}`,
    cleanup: async () => {
      const { createClient } = await import('redis');
      const redis = createClient({ url: options.redisUrl });
      await redis.connect();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.close();
      if (options.keep) return;
      await admin(options.pgAdminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
