/** The narrow set of queries on access tokens (looked up by hash, never by the token itself). */
import { Op } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { AccessTokenKind, AccessTokenModel } from '../models/access-token.js';
import type { Models } from '../models/index.js';

export interface NewAccessToken {
  tokenHash: string;
  userId: string | null;
  appId: string | null;
  kind: AccessTokenKind;
  name: string | null;
  scopes: readonly string[];
  expiresAt: Date | null;
}

/** How many rows a settings list shows at most. */
export const TOKEN_LIST_LIMIT = 100;

export class AccessTokenRepository {
  constructor(private readonly models: Models) {}

  create(token: NewAccessToken): Promise<AccessTokenModel> {
    return this.models.AccessToken.create({
      id: newId(),
      tokenHash: token.tokenHash,
      userId: token.userId,
      appId: token.appId,
      kind: token.kind,
      name: token.name,
      scopes: token.scopes.join(' '),
      expiresAt: token.expiresAt,
    });
  }

  findByHash(tokenHash: string): Promise<AccessTokenModel | null> {
    return this.models.AccessToken.findOne({ where: { tokenHash } });
  }

  findById(id: string): Promise<AccessTokenModel | null> {
    return this.models.AccessToken.findByPk(id);
  }

  /** A person's live personal tokens, newest first, bounded. */
  listPersonal(userId: string): Promise<AccessTokenModel[]> {
    return this.models.AccessToken.findAll({
      where: { userId, kind: 'personal', revokedAt: null },
      order: [['createdAt', 'DESC']],
      limit: TOKEN_LIST_LIMIT,
    });
  }

  /** Apps holding a live OAuth token of this person, with the newest grant of each. */
  async authorizedAppIds(userId: string): Promise<Array<{ appId: string; scopes: string; createdAt: Date }>> {
    const rows = await this.models.AccessToken.findAll({
      where: { userId, kind: 'oauth', revokedAt: null, appId: { [Op.ne]: null } },
      attributes: ['appId', 'scopes', 'createdAt'],
      order: [['createdAt', 'DESC']],
      limit: 1000,
    });
    const byApp = new Map<string, { appId: string; scopes: string; createdAt: Date }>();
    for (const row of rows) {
      if (row.appId && !byApp.has(row.appId)) byApp.set(row.appId, { appId: row.appId, scopes: row.scopes, createdAt: row.createdAt });
    }
    return [...byApp.values()].slice(0, TOKEN_LIST_LIMIT);
  }

  /** Marks matching live tokens revoked; returns the ids revoked. */
  async revokeWhere(where: { id?: string; userId?: string; appId?: string; kind?: AccessTokenKind }, at = new Date()): Promise<string[]> {
    const filter = { ...where, revokedAt: null };
    const rows = await this.models.AccessToken.findAll({ where: filter, attributes: ['id'] });
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    await this.models.AccessToken.update({ revokedAt: at }, { where: { id: { [Op.in]: ids }, revokedAt: null } });
    return ids;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.models.AccessToken.update({ lastUsedAt: at }, { where: { id } });
  }
}
