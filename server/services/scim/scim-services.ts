/** SCIM provisioning's use cases, built once by the container when auth.scim.enabled. */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { Models } from '../../db/models/index.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { ScimRepository } from '../../db/repositories/scim-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import { DirectoryGroupMirror } from '../directory-groups.js';
import type { EventPublisher } from '../events.js';
import { ScimGroups } from './scim-groups.js';
import { ensureScimProtocol } from './scim-protocol.js';
import { ScimUsers } from './scim-users.js';

export interface ScimServices {
  users: ScimUsers;
  groups: ScimGroups;
}

export interface ScimServicesDeps {
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  groups: GroupRepository;
  revoker: AccessRevoker;
  audit: AuditLog;
  events?: EventPublisher;
  logger: Logger;
}

export function createScimServices(deps: ScimServicesDeps): ScimServices {
  ensureScimProtocol();
  const scim = new ScimRepository(deps.models);
  const logger = deps.logger.child({ component: 'scim' });
  return {
    users: new ScimUsers({ sequelize: deps.sequelize, users: deps.users, groups: deps.groups, scim, revoker: deps.revoker, audit: deps.audit, events: deps.events, logger }),
    groups: new ScimGroups({ sequelize: deps.sequelize, groups: deps.groups, mirror: new DirectoryGroupMirror(deps.groups), scim, audit: deps.audit }),
  };
}
