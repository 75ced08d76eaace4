/** A person: a local account or one mirrored from the company directory. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { DigestFrequency } from '../../domain/notification-preferences.js';

/** Where the account comes from: made in Warble, the directory, or a single sign-on provider on first sign-in. */
export type AccountSource = 'local' | 'ldap' | 'oidc' | 'saml';

export class UserModel extends Model<InferAttributes<UserModel>, InferCreationAttributes<UserModel>> {
  declare id: string;
  declare username: string;
  declare displayName: string;
  declare email: string | null;
  declare passwordHash: string | null;
  declare isAdmin: CreationOptional<boolean>;
  /** Accounts run by software (plugins, webhooks), shown with a bot mark. */
  declare isBot: CreationOptional<boolean>;
  declare followersCount: CreationOptional<number>;
  declare followingCount: CreationOptional<number>;
  declare postsCount: CreationOptional<number>;
  declare lastPostAt: CreationOptional<Date | null>;
  declare source: CreationOptional<AccountSource>;
  declare directoryDn: string | null;
  declare title: string | null;
  declare department: string | null;
  declare phone: string | null;
  declare manager: string | null;
  declare locale: string | null;
  declare deactivatedAt: Date | null;
  /** May work the moderation queue (hide, delete, suspend) without being an administrator. */
  declare isModerator: CreationOptional<boolean>;
  /** Set while a moderator has suspended the account: no sign-in, no session, no token. */
  declare suspendedAt: CreationOptional<Date | null>;
  /** The communications role: may publish announcements (server/services/announcements) without being an administrator. */
  declare isCommunicator: CreationOptional<boolean>;
  declare lastSignInAt: Date | null;
  /** Hash of the stored photo (user_photos), or null when there is none. */
  declare photoEtag: CreationOptional<string | null>;
  /** How often the email digest comes: 'off' | 'daily' | 'weekly'. */
  declare digestFrequency: CreationOptional<DigestFrequency>;
  /** Where the last email digest's window ended: the next one holds what came after (null: none yet). */
  declare digestCoveredUntil: CreationOptional<Date | null>;
  /** Comma-separated notification types this person muted; read with parseMutedTypes. */
  declare mutedNotificationTypes: CreationOptional<string>;
  /** Speaks for a team (IT Helpdesk, HR): never signs in; named publishers post as it (official_account_publishers). */
  declare isOfficial: CreationOptional<boolean>;
  /** The short description administrators give an official account; null for people. */
  declare bio: CreationOptional<string | null>;
  /** IANA time zone chosen on /settings (analytics heat map); null: the instance default. */
  declare timeZone: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof UserModel {
    const Bound = class extends UserModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        displayName: { type: DataTypes.STRING(200), allowNull: false },
        email: { type: DataTypes.STRING(320), allowNull: true },
        passwordHash: { type: DataTypes.STRING(255), allowNull: true },
        isAdmin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        isBot: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        followersCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        followingCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        postsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastPostAt: { type: DataTypes.DATE, allowNull: true },
        source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'local' },
        directoryDn: { type: DataTypes.STRING(1024), allowNull: true },
        title: { type: DataTypes.STRING(200), allowNull: true },
        department: { type: DataTypes.STRING(200), allowNull: true },
        phone: { type: DataTypes.STRING(100), allowNull: true },
        manager: { type: DataTypes.STRING(200), allowNull: true },
        locale: { type: DataTypes.STRING(8), allowNull: true },
        deactivatedAt: { type: DataTypes.DATE, allowNull: true },
        isModerator: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        suspendedAt: { type: DataTypes.DATE, allowNull: true },
        isCommunicator: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        lastSignInAt: { type: DataTypes.DATE, allowNull: true },
        photoEtag: { type: DataTypes.STRING(64), allowNull: true },
        digestFrequency: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'daily' },
        digestCoveredUntil: { type: DataTypes.DATE, allowNull: true },
        mutedNotificationTypes: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
        isOfficial: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        bio: { type: DataTypes.TEXT, allowNull: true },
        timeZone: { type: DataTypes.STRING(64), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'users', modelName: 'User', underscored: true },
    );
    return Bound;
  }
}
