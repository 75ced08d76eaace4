/** A one-time link's token (first-run setup, password reset), stored as a hash. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type AccountTokenPurpose = 'setup' | 'password-reset';

export class AccountTokenModel extends Model<InferAttributes<AccountTokenModel>, InferCreationAttributes<AccountTokenModel>> {
  declare id: string;
  declare purpose: AccountTokenPurpose;
  declare tokenHash: string;
  /** Whose password a reset changes; null for the setup token. */
  declare userId: string | null;
  /** Null: valid until used (the setup token, voided once an administrator exists). */
  declare expiresAt: Date | null;
  declare usedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AccountTokenModel {
    const Bound = class extends AccountTokenModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        purpose: { type: DataTypes.STRING(16), allowNull: false },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false },
        userId: { type: DataTypes.STRING(26), allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: true },
        usedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'account_tokens', modelName: 'AccountToken', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
