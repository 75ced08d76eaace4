/**
 * Online backup and restore of a single-node (SQLite) instance.
 *
 * The database is copied with `VACUUM INTO`, which reads one consistent
 * snapshot inside a read transaction; in WAL mode that never blocks the
 * server's writers, so a backup can run while people post. Media files are
 * copied after the snapshot: uploads are stored before their database row is
 * committed, so every file the snapshot refers to is already on disk.
 * Everything goes into one tar.gz with a manifest; restore refuses to write
 * into a data dir that already holds anything. Both rebuild the full-text
 * indexes of the database they write (search-index.ts): VACUUM may renumber
 * the rowids those indexes are keyed by.
 *
 * PostgreSQL instances are backed up with pg_dump (see docs/deploy.md).
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create as createTar, extract as extractTar } from 'tar';
import type { Sequelize } from 'sequelize';
import sqlite3 from 'sqlite3';
import { migrationStatus } from '../db/migrator.js';
import { rebuildSearchIndexes } from './search-index.js';

export const BACKUP_FORMAT = 1;
const DATABASE_FILE = 'warble.sqlite';
const MANIFEST = 'manifest.json';
const CARRIED_FILES = ['session-secret'];

export interface BackupManifest {
  format: number;
  createdAt: string;
  migrations: string[];
  mediaFiles: number;
}

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** SQLite string literal for a file path (VACUUM INTO takes no bound parameter in older SQLite). */
const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/** Writes a consistent backup of the SQLite database and media in `dataDir` to `archive`. */
export async function backupSqliteInstance(sequelize: Sequelize, dataDir: string, archive: string): Promise<BackupManifest> {
  if (sequelize.getDialect() !== 'sqlite') {
    throw new BackupError('warble backup copies SQLite instances; back up PostgreSQL with pg_dump (see docs/deploy.md)');
  }
  const staging = await mkdtemp(path.join(os.tmpdir(), 'warble-backup-'));
  try {
    await sequelize.query(`VACUUM INTO ${sqlString(path.join(staging, DATABASE_FILE))}`);
    // On the copy, not the live database: an archive restored by hand (untarred) is then right too.
    await rebuildSearchIndexes(path.join(staging, DATABASE_FILE));
    const status = await migrationStatus(sequelize);
    const entries = [DATABASE_FILE, MANIFEST];
    for (const file of CARRIED_FILES) {
      if (existsSync(path.join(dataDir, file))) {
        await copyFile(path.join(dataDir, file), path.join(staging, file));
        entries.push(file);
      }
    }
    const mediaDir = path.join(dataDir, 'media');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: status.executed,
      mediaFiles: await countFiles(mediaDir),
    };
    await writeFile(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(mediaDir)) {
      // Read from the live data dir through a link (no second copy on disk).
      await symlink(mediaDir, path.join(staging, 'media'), 'dir');
      entries.push('media');
    }
    await mkdir(path.dirname(path.resolve(archive)), { recursive: true });
    await createTar({ gzip: true, file: archive, cwd: staging, portable: true, follow: true }, entries);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function integrityCheck(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.get<{ integrity_check: string }>('PRAGMA integrity_check', (error, row) => {
        db.close();
        if (error) reject(error);
        else resolve(row?.integrity_check ?? 'no answer');
      });
    });
  });
}

/** Restores `archive` into `dataDir`, which must be empty or missing; on any failure it is left empty again. */
export async function restoreSqliteInstance(archive: string, dataDir: string): Promise<BackupManifest> {
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new BackupError(`dataDir (WARBLE_DATA_DIR): ${dataDir} is not empty; restore only into an empty data dir`);
  }
  if (!existsSync(archive)) throw new BackupError(`${archive}: no such backup file`);
  await mkdir(dataDir, { recursive: true });
  try {
    await extractTar({ file: archive, cwd: dataDir, strict: true });
    const manifestFile = path.join(dataDir, MANIFEST);
    if (!existsSync(manifestFile) || !existsSync(path.join(dataDir, DATABASE_FILE))) {
      throw new BackupError(`${archive}: not a Warble backup (no ${MANIFEST} or ${DATABASE_FILE})`);
    }
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`${archive}: backup format ${manifest.format} is not supported`);
    const integrity = await integrityCheck(path.join(dataDir, DATABASE_FILE));
    if (integrity !== 'ok') throw new BackupError(`${archive}: the database failed its integrity check (${integrity})`);
    // Archives written before backup rebuilt its copy may carry an index keyed by renumbered rowids.
    await rebuildSearchIndexes(path.join(dataDir, DATABASE_FILE));
    await rm(manifestFile);
    if (existsSync(path.join(dataDir, 'session-secret'))) await chmod(path.join(dataDir, 'session-secret'), 0o600);
    return manifest;
  } catch (error) {
    for (const entry of await readdir(dataDir)) await rm(path.join(dataDir, entry), { recursive: true, force: true });
    throw error instanceof BackupError ? error : new BackupError(`${archive}: cannot restore: ${(error as Error).message}`);
  }
}
