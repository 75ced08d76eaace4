/** `warble user add <name> [--admin] --password-stdin`: local accounts from the shell. */
import type { Command } from 'commander';
import { validationError } from '../domain/errors.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface AddOptions {
  admin?: boolean;
  passwordStdin?: boolean;
  displayName?: string;
  email?: string;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage local accounts');
  user
    .command('add <username>')
    .description('add a local account; the password is read from standard input')
    .option('--admin', 'make the account an administrator')
    .option('--password-stdin', 'read the password from standard input (required: never on the command line)')
    .option('--display-name <name>', 'the name shown to colleagues')
    .option('--email <address>', 'mail address (also accepted as login)')
    .action(async (username: string, options: AddOptions) => {
      try {
        if (!options.passwordStdin) throw validationError('password', 'Give the password on standard input with --password-stdin');
        // One trailing newline comes from `echo` or a here-string; it is not part of the password.
        const password = (await readStdin()).replace(/\r?\n$/, '');
        const created = await withContainer(async ({ localUsers, audit }) => {
          const user = await localUsers.create({
            username,
            password,
            displayName: options.displayName,
            email: options.email,
            isAdmin: options.admin ?? false,
          });
          await audit.record({
            action: 'user.created',
            actorId: null,
            actorLabel: 'cli',
            targetType: 'user',
            targetId: user.id,
            detail: { username: user.username, isAdmin: user.isAdmin, via: 'warble user add' },
          });
          return user;
        });
        process.stdout.write(`added ${created.username}${created.isAdmin ? ' (administrator)' : ''}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
