/**
 * The `warble` command: serve, migrate, user add, config check, ldap test/sync.
 * Every command reports configuration mistakes by key and exits non-zero.
 */
import { Command } from 'commander';
import { registerAuditCommands } from './audit-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerConfigCommands } from './config-commands.js';
import { registerExportCommands } from './export-commands.js';
import { registerDatabaseCommands } from './database-commands.js';
import { registerDigestCommands } from './digest-commands.js';
import { registerLdapCommands } from './ldap-commands.js';
import { registerRetentionCommands } from './retention-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerUserCommands } from './user-commands.js';
import { reportAndExit } from './report.js';

const program = new Command('warble')
  .description('Warble: the company microblog')
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerServeCommand(program);
registerDatabaseCommands(program);
registerUserCommands(program);
registerConfigCommands(program);
registerLdapCommands(program);
registerBackupCommands(program);
registerAuditCommands(program);
registerExportCommands(program);
registerRetentionCommands(program);
registerDigestCommands(program);

program.parseAsync(process.argv).catch(reportAndExit);
