/** How the CLI reports a failure: the message (keys named for config errors), never a raw stack for known errors. */
import { ConfigError } from '../config/config-error.js';
import { DatabaseNewerError } from '../db/migrator.js';
import { DomainError } from '../domain/errors.js';
import { BackupError } from '../ops/backup.js';

/** EX_CONFIG from sysexits.h: lets scripts tell a bad configuration from a crash. */
export const EXIT_CONFIG = 78;

export function reportAndExit(error: unknown): never {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseNewerError ||
    error instanceof DomainError ||
    error instanceof BackupError;
  const text = known ? (error as Error).message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`warble: ${text}\n`);
  process.exit(error instanceof ConfigError ? EXIT_CONFIG : 1);
}
