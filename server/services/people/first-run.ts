/**
 * What a server does at start while Warble has no administrator:
 * 1. WARBLE_ADMIN_USERNAME / _PASSWORD / _EMAIL (config `admin`) create one
 *    (automated installs); the password is never logged;
 * 2. otherwise a one-time setup link is printed in the log, for whoever
 *    reads the server's log (and so controls the server) to open.
 * Nothing happens once an administrator exists.
 */
import { ConfigError } from '../../config/config-error.js';
import type { WarbleConfig } from '../../config/schema.js';
import { normaliseEmail } from '../../domain/email-address.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { DomainError } from '../../domain/errors.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { LocalUserCreateService } from '../local-user-create.js';
import type { SetupTokens } from './setup-token.js';

export interface FirstRunDeps {
  config: Pick<WarbleConfig, 'admin'>;
  users: UserRepository;
  localUsers: LocalUserCreateService;
  setupTokens: SetupTokens;
  audit: AuditLog;
  logger: Logger;
}

export type FirstRunOutcome = { kind: 'ready' } | { kind: 'bootstrapped'; username: string } | { kind: 'setup-link'; url: string };

/** `baseUrl`: publicUrl, or the listening address when it is not set. */
export async function prepareFirstRun(deps: FirstRunDeps, baseUrl: string): Promise<FirstRunOutcome> {
  if (await deps.users.adminExists()) return { kind: 'ready' };
  const bootstrap = deps.config.admin;
  if (bootstrap.username !== '') {
    const created = await bootstrapAdmin(deps);
    if (created) return { kind: 'bootstrapped', username: created };
  }
  const token = await deps.setupTokens.issue();
  // Another node (or the bootstrap of another node) created the administrator meanwhile.
  if (token === null) return { kind: 'ready' };
  const url = `${baseUrl}/setup?token=${encodeURIComponent(token)}`;
  deps.logger.warn(
    { setupUrl: url },
    `No administrator yet. To create one, open this one-time link: ${url} (or run: warble user add <name> --admin --password-stdin, or set WARBLE_ADMIN_USERNAME and WARBLE_ADMIN_PASSWORD)`,
  );
  return { kind: 'setup-link', url };
}

/** The administrator from config `admin`; null when another node made one first. Bad values are config errors naming the key. */
async function bootstrapAdmin(deps: FirstRunDeps): Promise<string | null> {
  const { username, password, email } = deps.config.admin;
  try {
    const address = email === '' ? undefined : normaliseEmail(email);
    const user = await deps.localUsers.create({ username, password, email: address, isAdmin: true }, { onlyIfNoAdmin: true });
    await deps.audit.record({
      action: 'user.created',
      actorId: null,
      actorLabel: 'config',
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, isAdmin: true, via: 'WARBLE_ADMIN_USERNAME' },
    });
    deps.logger.info({ username: user.username }, 'first administrator created from admin.username (WARBLE_ADMIN_USERNAME)');
    return user.username;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'E_SETUP_DONE') return null;
    if (error instanceof DomainError && error.field) {
      const key = error.field === 'password' ? 'admin.password (WARBLE_ADMIN_PASSWORD)' : `admin.${error.field} (WARBLE_ADMIN_${error.field.toUpperCase()})`;
      // The message describes the rule, never the value (it may be the password).
      throw new ConfigError(`${key}: ${error.message}`);
    }
    throw error;
  }
}
