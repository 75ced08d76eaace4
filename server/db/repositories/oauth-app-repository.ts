/** The narrow set of queries on registered OAuth applications. */
import { Op } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { Models } from '../models/index.js';
import type { OAuthAppModel } from '../models/oauth-app.js';

export interface NewOAuthApp {
  name: string;
  website: string | null;
  redirectUris: readonly string[];
  scopes: readonly string[];
  clientId: string;
  clientSecretHash: string;
}

export class OAuthAppRepository {
  constructor(private readonly models: Models) {}

  create(app: NewOAuthApp): Promise<OAuthAppModel> {
    return this.models.OAuthApp.create({
      id: newId(),
      name: app.name,
      website: app.website,
      redirectUris: app.redirectUris.join('\n'),
      scopes: app.scopes.join(' '),
      clientId: app.clientId,
      clientSecretHash: app.clientSecretHash,
    });
  }

  findById(id: string): Promise<OAuthAppModel | null> {
    return this.models.OAuthApp.findByPk(id);
  }

  findByClientId(clientId: string): Promise<OAuthAppModel | null> {
    return this.models.OAuthApp.findOne({ where: { clientId } });
  }

  /** Bounded by the caller's list of ids. */
  findByIds(ids: readonly string[]): Promise<OAuthAppModel[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.models.OAuthApp.findAll({ where: { id: { [Op.in]: [...ids] } }, order: [['name', 'ASC']] });
  }
}
