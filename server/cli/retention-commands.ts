/**
 * `warble retention run`: apply the retention policy now (the server also runs it daily).
 * `warble hold add <user> --reason …`, `warble hold release <user>`, `warble hold list`: legal holds.
 */
import type { Command } from 'commander';
import type { Container } from '../container.js';
import { validationError } from '../domain/errors.js';
import { LegalHolds } from '../services/retention/legal-holds.js';
import { reportAndExit } from './report.js';
import { withContainer } from './with-container.js';

async function userIdOf(container: Container, username: string): Promise<string> {
  const user = await container.users.findByUsername(username);
  if (!user) throw validationError('user', `no account named ${username}`);
  return user.id;
}

export function registerRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('the retention policy (retention.* in the configuration)');
  retention
    .command('run')
    .description('purge what the policy says is past its time, now')
    .action(async () => {
      try {
        const report = await withContainer((container) => container.retention.run());
        process.stdout.write(report.status === 'skipped' ? 'retention is already running on another node\n' : `purged ${report.purged} posts\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });

  const hold = program.command('hold').description('legal holds: keep everything a person wrote or received');
  hold
    .command('add <username>')
    .requiredOption('--reason <text>', 'why (case number, request)')
    .action(async (username: string, options: { reason: string }) => {
      try {
        await withContainer(async (container) =>
          new LegalHolds(container.sequelize, container.audit).place(await userIdOf(container, username), options.reason, 'cli'),
        );
        process.stdout.write(`legal hold placed on ${username}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
  hold
    .command('release <username>')
    .action(async (username: string) => {
      try {
        const released = await withContainer(async (container) =>
          new LegalHolds(container.sequelize, container.audit).release(await userIdOf(container, username), 'cli'),
        );
        process.stdout.write(released ? `legal hold on ${username} released\n` : `${username} was not under legal hold\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
  hold
    .command('list')
    .action(async () => {
      try {
        const holds = await withContainer((container) => new LegalHolds(container.sequelize, container.audit).list());
        for (const entry of holds) process.stdout.write(`${entry.username}\t${entry.placedAt.toISOString()}\t${entry.placedBy}\t${entry.reason}\n`);
      } catch (error) {
        reportAndExit(error);
      }
    });
}
