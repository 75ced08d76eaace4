/** The narrow set of user queries the services need. */
import { Op, type Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import { formatMutedTypes, type NotificationPreferences } from '../../domain/notification-preferences.js';
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

  /** Mail addresses are stored lower-cased (see create). */
  findByEmail(email: string, transaction?: Transaction): Promise<UserModel | null> {
    return this.models.User.findOne({ where: { email: email.trim().toLowerCase() }, transaction });
  }

  /** Active administrators other than `exceptId`: the last one may not be deactivated or demoted. */
  countOtherActiveAdmins(exceptId: string, transaction?: Transaction): Promise<number> {
    return this.models.User.count({ where: { isAdmin: true, deactivatedAt: null, id: { [Op.ne]: exceptId } }, transaction });
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

  /** The settings page's notification and digest choices. */
  async setNotificationPreferences(id: string, preferences: NotificationPreferences): Promise<void> {
    await this.models.User.update(
      { digestFrequency: preferences.digestFrequency, mutedNotificationTypes: formatMutedTypes(preferences.mutedNotificationTypes) },
      { where: { id } },
    );
  }

  /** Newest first, bounded. */
  list(limit: number, offset = 0): Promise<UserModel[]> {
    return this.models.User.findAll({ order: [['createdAt', 'DESC']], limit: Math.min(limit, 200), offset });
  }

  /** Every directory account (active or not), lightly loaded, for sync to compare against the directory. */
  listDirectoryAccounts(transaction?: Transaction): Promise<Array<Pick<UserModel, 'id' | 'username' | 'deactivatedAt'>>> {
    return this.models.User.findAll({ where: { source: 'ldap' }, attributes: ['id', 'username', 'deactivatedAt'], transaction });
  }

  /** Marks accounts deactivated (sign-in refused, sessions no longer honoured); their posts stay. */
  async deactivate(ids: readonly string[], at: Date, transaction: Transaction): Promise<void> {
    if (ids.length === 0) return;
    await this.models.User.update({ deactivatedAt: at }, { where: { id: { [Op.in]: [...ids] }, deactivatedAt: null }, transaction });
  }

  /** Ids of the accounts with these user names (lower-cased). */
  async idsByUsername(usernames: readonly string[], transaction?: Transaction): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const rows = await this.models.User.findAll({
      where: { username: { [Op.in]: usernames.map((name) => name.toLowerCase()) } },
      attributes: ['id', 'username'],
      transaction,
    });
    return new Map(rows.map((row) => [row.username, row.id]));
  }

  /** Directory accounts by state, for the directory admin page. */
  async directoryAccountCounts(): Promise<{ active: number; deactivated: number }> {
    const [active, total] = await Promise.all([
      this.models.User.count({ where: { source: 'ldap', deactivatedAt: null } }),
      this.models.User.count({ where: { source: 'ldap' } }),
    ]);
    return { active, deactivated: total - active };
  }

  count(): Promise<number> {
    return this.models.User.count();
  }

  /** A local account's new display name (API update_credentials). */
  async setDisplayName(id: string, displayName: string, transaction: Transaction): Promise<void> {
    await this.models.User.update({ displayName }, { where: { id }, transaction });
  }

  /** Fields a person edited on their own profile (services/people/profile-edit.ts), in the caller's transaction. */
  async updateProfile(
    id: string,
    values: Partial<Pick<UserModel, 'displayName' | 'pronouns' | 'title' | 'department' | 'phone' | 'location' | 'bio'>>,
    transaction: Transaction,
  ): Promise<void> {
    await this.models.User.update(values, { where: { id }, transaction });
  }
}
