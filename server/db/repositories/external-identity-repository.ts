/** Links between Warble accounts and the identities single sign-on providers vouch for. */
import type { Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { ExternalIdentityModel, ExternalProvider } from '../models/external-identity.js';
import type { Models } from '../models/index.js';

/** Who an identity provider says signed in: its protocol, its own name, and its stable id for the person. */
export interface ExternalIdentityKey {
  provider: ExternalProvider;
  issuer: string;
  subject: string;
}

export class ExternalIdentityRepository {
  constructor(private readonly models: Models) {}

  find(key: ExternalIdentityKey, transaction?: Transaction): Promise<ExternalIdentityModel | null> {
    return this.models.ExternalIdentity.findOne({
      where: { provider: key.provider, issuer: key.issuer, subject: key.subject },
      transaction,
    });
  }

  /** True when the account already has a link through this protocol (whatever the issuer). */
  async userHasLink(userId: string, provider: ExternalProvider, transaction?: Transaction): Promise<boolean> {
    return (await this.models.ExternalIdentity.count({ where: { userId, provider }, transaction })) > 0;
  }

  create(userId: string, key: ExternalIdentityKey, now: Date, transaction: Transaction): Promise<ExternalIdentityModel> {
    return this.models.ExternalIdentity.create(
      { id: newId(now.getTime()), userId, provider: key.provider, issuer: key.issuer, subject: key.subject, createdAt: now, lastSeenAt: now },
      { transaction },
    );
  }

  async touch(link: ExternalIdentityModel, now: Date, transaction: Transaction): Promise<void> {
    await link.update({ lastSeenAt: now }, { transaction });
  }

  listForUser(userId: string): Promise<ExternalIdentityModel[]> {
    return this.models.ExternalIdentity.findAll({ where: { userId }, order: [['createdAt', 'ASC']] });
  }
}
