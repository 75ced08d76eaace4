/**
 * The identity an identity provider vouches for, linked to a Warble account
 * (single sign-on). Unique by (provider, issuer, subject).
 */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** The single sign-on protocols. */
export type ExternalProvider = 'oidc' | 'saml';

export class ExternalIdentityModel extends Model<InferAttributes<ExternalIdentityModel>, InferCreationAttributes<ExternalIdentityModel>> {
  declare id: string;
  declare userId: string;
  declare provider: ExternalProvider;
  declare issuer: string;
  declare subject: string;
  declare createdAt: CreationOptional<Date>;
  declare lastSeenAt: Date;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof ExternalIdentityModel {
    const Bound = class extends ExternalIdentityModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        provider: { type: DataTypes.STRING(16), allowNull: false },
        issuer: { type: DataTypes.STRING(1024), allowNull: false },
        subject: { type: DataTypes.STRING(1024), allowNull: false },
        createdAt: DataTypes.DATE,
        lastSeenAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'external_identities', modelName: 'ExternalIdentity', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
