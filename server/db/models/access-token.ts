/** A bearer token: a personal access token or one issued through OAuth. Only its hash is stored. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type AccessTokenKind = 'personal' | 'oauth';

export class AccessTokenModel extends Model<InferAttributes<AccessTokenModel>, InferCreationAttributes<AccessTokenModel>> {
  declare id: string;
  declare tokenHash: string;
  /** Null for client_credentials tokens. */
  declare userId: string | null;
  declare appId: string | null;
  declare kind: AccessTokenKind;
  /** The label a person gave a personal token. */
  declare name: string | null;
  /** Space-separated. */
  declare scopes: string;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare expiresAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AccessTokenModel {
    const Bound = class extends AccessTokenModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        userId: { type: DataTypes.STRING(26), allowNull: true },
        appId: { type: DataTypes.STRING(26), allowNull: true },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: true },
        scopes: { type: DataTypes.STRING(1024), allowNull: false },
        lastUsedAt: { type: DataTypes.DATE, allowNull: true },
        revokedAt: { type: DataTypes.DATE, allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'access_tokens', modelName: 'AccessToken', underscored: true },
    );
    return Bound;
  }
}
