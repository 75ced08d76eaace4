/** The narrow set of user queries the services need. */
import { Op, type Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { Models } from '../models/index.js';
import type { AccountSource, UserModel } from '../models/user.js';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  passwordHash?: string | null;
  isAdmin?: boolean;
  source?: AccountSource;
  directoryDn?: string | null;
}

export class UserRepository {
  constructor(private readonly models: Models) {}

  findById(id: string, transaction?: Transaction): Promise<UserModel | null> {
    return this.models.User.findByPk(id, { transaction });
  }

  findByUsername(username: string, transaction?: Transaction): Promise<UserModel | null> {
    return this.models.User.findOne({ where: { username: username.toLowerCase() }, transaction });
  }

  /** A login may be the user name or the mail address. */
  findByLogin(login: string): Promise<UserModel | null> {
    const value = login.trim().toLowerCase();
    return this.models.User.findOne({ where: { [Op.or]: [{ username: value }, { email: value }] } });
  }

  async adminExists(transaction?: Transaction): Promise<boolean> {
    return (await this.models.User.count({ where: { isAdmin: true, deactivatedAt: null }, transaction })) > 0;
  }

  create(user: NewUser, transaction?: Transaction): Promise<UserModel> {
    return this.models.User.create(
      {
        id: newId(),
        username: user.username.toLowerCase(),
        displayName: user.displayName,
        email: user.email?.toLowerCase() ?? null,
        passwordHash: user.passwordHash ?? null,
        isAdmin: user.isAdmin ?? false,
        source: user.source ?? 'local',
        directoryDn: user.directoryDn ?? null,
        title: null,
        department: null,
        phone: null,
        manager: null,
        locale: null,
        deactivatedAt: null,
        lastSignInAt: null,
      },
      { transaction },
    );
  }

  async recordSignIn(id: string, at: Date = new Date()): Promise<void> {
    await this.models.User.update({ lastSignInAt: at }, { where: { id } });
  }

  async setLocale(id: string, locale: string | null): Promise<void> {
    await this.models.User.update({ locale }, { where: { id } });
  }

  /** Newest first, bounded. */
  list(limit: number, offset = 0): Promise<UserModel[]> {
    return this.models.User.findAll({ order: [['createdAt', 'DESC']], limit: Math.min(limit, 200), offset });
  }

  count(): Promise<number> {
    return this.models.User.count();
  }
}
