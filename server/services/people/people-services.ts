/**
 * People managed from the web (issue 15), built once by the container: the
 * first-run setup link, invitations and password resets, with the mail
 * that carries their links.
 */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { WarbleConfig } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import { AccountTokenRepository } from '../../db/repositories/account-token-repository.js';
import { InvitationRepository } from '../../db/repositories/invitation-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import type { Translator } from '../../i18n/translator.js';
import type { Logger } from '../../logging/logger.js';
import { createMailer } from '../../mail/create-mailer.js';
import { createMailTemplates } from '../../mail/mail-templates.js';
import type { RedisConnection } from '../../realtime/redis-connection.js';
import { redisLimiterFactory } from '../../security/redis-limiter.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { InstanceSettings } from '../instance/instance-settings.js';
import type { LocalUserCreateService } from '../local-user-create.js';
import { AccountMail } from './account-mail.js';
import { prepareFirstRun, type FirstRunOutcome } from './first-run.js';
import { Invitations } from './invitations.js';
import { PasswordResets } from './password-reset.js';
import { SetupTokens } from './setup-token.js';

export interface PeopleServices {
  setupTokens: SetupTokens;
  invitations: Invitations;
  passwordResets: PasswordResets;
  /** False when smtp.host is empty: invitations and reset links cannot be mailed. */
  mailEnabled: boolean;
  /** At server start: the WARBLE_ADMIN_* administrator, or the setup link in the log (see first-run.ts). */
  prepareFirstRun(baseUrl: string): Promise<FirstRunOutcome>;
  close(): void;
}

export interface PeopleDependencies {
  config: WarbleConfig;
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  localUsers: LocalUserCreateService;
  revoker: AccessRevoker;
  audit: AuditLog;
  translator: Translator;
  instanceSettings: InstanceSettings;
  redis: RedisConnection | null;
  logger: Logger;
}

export function createPeopleServices(deps: PeopleDependencies): PeopleServices {
  const { config, sequelize, users, localUsers, audit } = deps;
  const logger = deps.logger.child({ component: 'people' });
  const tokens = new AccountTokenRepository(deps.models);
  const mailer = createMailer(config, deps.instanceSettings.current().name);
  const mail = new AccountMail(createMailTemplates(deps.translator), deps.translator, mailer, () => {
    const current = deps.instanceSettings.current();
    return { baseUrl: config.publicUrl, instanceName: current.name, defaultLanguage: current.defaultLanguage };
  });
  const setupTokens = new SetupTokens({ sequelize, users, tokens, localUsers });
  return {
    setupTokens,
    invitations: new Invitations({
      sequelize,
      invitations: new InvitationRepository(deps.models),
      users,
      localUsers,
      mail,
      audit,
      logger,
      expiryDays: config.accounts.invitationExpiryDays,
    }),
    passwordResets: new PasswordResets({
      sequelize,
      users,
      tokens,
      mail,
      revoker: deps.revoker,
      audit,
      logger,
      expiryMinutes: config.accounts.passwordResetExpiryMinutes,
      defaultLanguage: () => deps.instanceSettings.current().defaultLanguage,
      limiterFactory: deps.redis ? redisLimiterFactory(deps.redis) : undefined,
    }),
    mailEnabled: mailer !== null,
    prepareFirstRun: (baseUrl) => prepareFirstRun({ config, users, localUsers, setupTokens, audit, logger }, baseUrl),
    close: () => mailer?.close(),
  };
}
