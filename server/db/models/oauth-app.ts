/** A client application registered through POST /api/v1/apps. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class OAuthAppModel extends Model<InferAttributes<OAuthAppModel>, InferCreationAttributes<OAuthAppModel>> {
  declare id: string;
  declare name: string;
  declare website: string | null;
  /** One URI per line. */
  declare redirectUris: string;
  /** Space-separated. */
  declare scopes: string;
  declare clientId: string;
  declare clientSecretHash: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof OAuthAppModel {
    const Bound = class extends OAuthAppModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        website: { type: DataTypes.STRING(2048), allowNull: true },
        redirectUris: { type: DataTypes.TEXT, allowNull: false },
        scopes: { type: DataTypes.STRING(1024), allowNull: false },
        clientId: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        clientSecretHash: { type: DataTypes.STRING(64), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'oauth_apps', modelName: 'OAuthApp', underscored: true },
    );
    return Bound;
  }
}
