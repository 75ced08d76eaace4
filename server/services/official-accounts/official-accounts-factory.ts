/** Builds the official-accounts use cases from the container's parts, so container.ts grows by one line. */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { Models } from '../../db/models/index.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { OfficialAccountRepository } from '../../db/repositories/official-account-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventPublisher } from '../events.js';
import type { PostCreateService } from '../posts/post-create.js';
import { OfficialAccounts } from './official-accounts.js';

export function createOfficialAccounts(deps: {
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  posts: PostCreateService;
  audit: AuditLog;
  revoker: AccessRevoker;
  events: EventPublisher;
  reads: ReadQueries;
}): OfficialAccounts {
  return new OfficialAccounts({ ...deps, publishers: new OfficialAccountRepository(deps.sequelize, deps.reads) });
}
