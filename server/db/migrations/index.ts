/**
 * Every migration, in order. Listed explicitly (not globbed) so the built
 * image and the TypeScript sources run exactly the same set.
 */
import type { Migration } from './migration.js';
import { migration as usersAndSessions } from './0001-users-and-sessions.js';
import { migration as directoryProfilesAndGroups } from './0002-directory-profiles-and-groups.js';
import { migration as microblogCore } from './0003-microblog-core.js';
import { migration as apiTokensAndOAuth } from './0004-api-tokens-and-oauth.js';

export const migrations: Migration[] = [usersAndSessions, directoryProfilesAndGroups, microblogCore, apiTokensAndOAuth];
