/**
 * A throwaway database for one test file: a SQLite file in a temp dir, or,
 * when WARBLE_TEST_DATABASE=postgres, a uniquely named database on the
 * machine's PostgreSQL that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** Value for database.url (empty: SQLite in dataDir). */
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

export const usePostgres = () => process.env.WARBLE_TEST_DATABASE === 'postgres';

export function adminPostgresUrl(): string {
  return process.env.WARBLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPostgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'warble-test-'));
  if (!usePostgres()) {
    return { dialect: 'sqlite', url: '', dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `warble_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminPostgresUrl());
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    dataDir,
    drop: async () => {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
