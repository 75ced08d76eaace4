/**
 * The secret that signs session cookies: from configuration, else generated
 * once and kept in the data dir (mode 600), so restarts keep people signed in.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import type { WarbleConfig } from './schema.js';

const MIN_LENGTH = 32;

export async function loadSessionSecret(config: WarbleConfig): Promise<string> {
  if (config.session.secret !== '') {
    if (config.session.secret.length < MIN_LENGTH) {
      throw new ConfigError(`session.secret (WARBLE_SESSION_SECRET): must be at least ${MIN_LENGTH} characters`);
    }
    return config.session.secret;
  }
  const file = path.resolve(config.dataDir, 'session-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= MIN_LENGTH) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`dataDir (WARBLE_DATA_DIR): cannot read ${file}: ${(error as Error).message}`);
    }
  }
  const secret = randomBytes(48).toString('base64url');
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // 'wx' fails if another node created it meanwhile; then use theirs.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw new ConfigError(`dataDir (WARBLE_DATA_DIR): cannot write ${file}: ${(error as Error).message}`);
  }
}
