/**
 * Wiring of API authentication for the container: the token service (built
 * early, so whatever ends a person's access can revoke their tokens) and the
 * OAuth parts that need the sign-in use case.
 */
import type { Sequelize } from 'sequelize';
import type { EventPublisher } from '../services/events.js';
import type { Models } from '../db/models/index.js';
import { AccessTokenRepository } from '../db/repositories/access-token-repository.js';
import { AuthorizationCodeRepository } from '../db/repositories/authorization-code-repository.js';
import { OAuthAppRepository } from '../db/repositories/oauth-app-repository.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { AccountUpdateService } from '../services/account-update.js';
import { PersonalTokenCreateService } from '../services/personal-token-create.js';
import { OAuthAppService } from './oauth/app-registry.js';
import { AuthorizationService } from './oauth/authorization.js';
import { TokenGrantService } from './oauth/token-grants.js';
import type { SignInService } from './sign-in.js';
import { TokenService } from './token-service.js';
import type { AccessTokenModel } from '../db/models/access-token.js';

export interface ApiAuth {
  oauthApps: OAuthAppService;
  authorization: AuthorizationService;
  tokenGrants: TokenGrantService;
  personalTokens: PersonalTokenCreateService;
  accountUpdate: AccountUpdateService;
}

export function createTokenService(
  models: Models,
  hooks: { onIssued?: (record: AccessTokenModel) => void | Promise<void>; onRevoked?: (tokenIds: readonly string[]) => void } = {},
): TokenService {
  return new TokenService(new AccessTokenRepository(models), new AuthorizationCodeRepository(models), hooks);
}

export function createApiAuth(deps: {
  models: Models;
  users: UserRepository;
  signIn: SignInService;
  tokens: TokenService;
  sequelize: Sequelize;
  /** A changed display name is told (`user.updated`): it shows with every post. */
  events: Pick<EventPublisher, 'record'>;
}): ApiAuth {
  const codes = new AuthorizationCodeRepository(deps.models);
  const oauthApps = new OAuthAppService(new OAuthAppRepository(deps.models));
  return {
    oauthApps,
    authorization: new AuthorizationService(oauthApps, codes),
    tokenGrants: new TokenGrantService(oauthApps, codes, deps.tokens, deps.users, deps.signIn),
    personalTokens: new PersonalTokenCreateService(deps.tokens),
    accountUpdate: new AccountUpdateService(deps.users, deps.sequelize, deps.events),
  };
}
