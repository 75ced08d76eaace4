/**
 * Every migration, in order. Listed explicitly (not globbed) so the built
 * image and the TypeScript sources run exactly the same set.
 */
import type { Migration } from './migration.js';
import { migration as usersAndSessions } from './0001-users-and-sessions.js';
import { migration as directoryProfilesAndGroups } from './0002-directory-profiles-and-groups.js';
import { migration as microblogCore } from './0003-microblog-core.js';
import { migration as apiTokensAndOAuth } from './0004-api-tokens-and-oauth.js';
import { migration as plugins } from './0005-plugins.js';
import { migration as auditLog } from './0006-audit-log.js';
import { migration as legalHolds } from './0007-legal-holds.js';
import { migration as userPreferences } from './0008-user-preferences.js';
import { migration as moderation } from './0009-moderation.js';
import { migration as instanceSettings } from './0010-instance-settings.js';
import { migration as exportJobs } from './0011-exports.js';
import { migration as announcements } from './0012-announcements.js';
import { migration as officialAccounts } from './0013-official-accounts.js';
import { migration as search } from './0014-search.js';
import { migration as analytics } from './0015-analytics.js';
import { migration as emailDigests } from './0016-email-digests.js';
import { migration as followerReadIndexes } from './0017-follower-read-indexes.js';
import { migration as outbox } from './0018-outbox.js';
import { migration as externalIdentities } from './0019-external-identities.js';
import { migration as scim } from './0020-scim.js';
import { migration as peopleInvitations } from './0021-people-invitations.js';
import { migration as profileFields } from './0022-profile-fields.js';
import { migration as samlReplayCache } from './0023-saml-replay-cache.js';
import { migration as mailBridge } from './0024-mail-bridge.js';

export const migrations: Migration[] = [
  usersAndSessions,
  directoryProfilesAndGroups,
  microblogCore,
  apiTokensAndOAuth,
  plugins,
  auditLog,
  legalHolds,
  userPreferences,
  moderation,
  instanceSettings,
  exportJobs,
  announcements,
  officialAccounts,
  search,
  analytics,
  emailDigests,
  followerReadIndexes,
  outbox,
  externalIdentities,
  scim,
  peopleInvitations,
  profileFields,
  samlReplayCache,
  mailBridge,
];
