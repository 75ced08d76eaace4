/** The narrow set of queries on one-time authorisation codes. */
import type { Models } from '../models/index.js';
import type { OAuthAuthorizationCodeModel } from '../models/oauth-authorization-code.js';
import { newId } from '../../domain/ids.js';

export interface NewAuthorizationCode {
  codeHash: string;
  appId: string;
  userId: string;
  redirectUri: string;
  scopes: readonly string[];
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: Date;
}

export class AuthorizationCodeRepository {
  constructor(private readonly models: Models) {}

  create(code: NewAuthorizationCode): Promise<OAuthAuthorizationCodeModel> {
    return this.models.OAuthAuthorizationCode.create({ id: newId(), ...code, scopes: code.scopes.join(' ') });
  }

  findByHash(codeHash: string): Promise<OAuthAuthorizationCodeModel | null> {
    return this.models.OAuthAuthorizationCode.findOne({ where: { codeHash } });
  }

  /** Claims the code; true for exactly one caller even when two exchanges race. */
  async claim(id: string, at: Date): Promise<boolean> {
    const [count] = await this.models.OAuthAuthorizationCode.update({ usedAt: at }, { where: { id, usedAt: null } });
    return count === 1;
  }

  async recordToken(id: string, accessTokenId: string): Promise<void> {
    await this.models.OAuthAuthorizationCode.update({ accessTokenId }, { where: { id } });
  }

  /** Pending codes of a person who lost access are worthless; remove them. */
  async deleteForUser(userId: string): Promise<number> {
    return this.models.OAuthAuthorizationCode.destroy({ where: { userId } });
  }
}
