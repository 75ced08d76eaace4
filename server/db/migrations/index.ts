/**
 * Every migration, in order. Listed explicitly (not globbed) so the built
 * image and the TypeScript sources run exactly the same set.
 */
import type { Migration } from './migration.js';
import { migration as usersAndSessions } from './0001-users-and-sessions.js';

export const migrations: Migration[] = [usersAndSessions];
