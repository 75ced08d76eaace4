/** Turns `database.url` into a dialect and its connection target. */
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';

export type DatabaseTarget =
  | { dialect: 'sqlite'; storage: string }
  | { dialect: 'postgres'; url: string };

export function resolveDatabaseTarget(url: string, dataDir: string): DatabaseTarget {
  if (url === '') return { dialect: 'sqlite', storage: path.resolve(dataDir, 'warble.sqlite') };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') throw new ConfigError('database.url (WARBLE_DATABASE_URL): sqlite: needs a file path');
    return { dialect: 'sqlite', storage: path.resolve(dataDir, file) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  throw new ConfigError(
    'database.url (WARBLE_DATABASE_URL): expected empty (SQLite in the data dir), sqlite:FILE or postgres://…',
  );
}
