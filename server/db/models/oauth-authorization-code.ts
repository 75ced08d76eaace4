/** A one-time authorisation code of the authorization_code grant; only its hash is stored. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class OAuthAuthorizationCodeModel extends Model<
  InferAttributes<OAuthAuthorizationCodeModel>,
  InferCreationAttributes<OAuthAuthorizationCodeModel>
> {
  declare id: string;
  declare codeHash: string;
  declare appId: string;
  declare userId: string;
  declare redirectUri: string;
  declare scopes: string;
  declare codeChallenge: string | null;
  declare codeChallengeMethod: string | null;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare accessTokenId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof OAuthAuthorizationCodeModel {
    const Bound = class extends OAuthAuthorizationCodeModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        codeHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        appId: { type: DataTypes.STRING(26), allowNull: false },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        redirectUri: { type: DataTypes.TEXT, allowNull: false },
        scopes: { type: DataTypes.STRING(1024), allowNull: false },
        codeChallenge: { type: DataTypes.STRING(128), allowNull: true },
        codeChallengeMethod: { type: DataTypes.STRING(16), allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        usedAt: { type: DataTypes.DATE, allowNull: true },
        accessTokenId: { type: DataTypes.STRING(26), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'oauth_authorization_codes', modelName: 'OAuthAuthorizationCode', underscored: true },
    );
    return Bound;
  }
}
