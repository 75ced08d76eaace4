/** One remembered SAML message id (see migration 0023-saml-replay-cache). */
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class SamlReplayEntryModel extends Model<InferAttributes<SamlReplayEntryModel>, InferCreationAttributes<SamlReplayEntryModel>> {
  declare id: string;
  declare value: string;
  declare expiresAt: Date;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof SamlReplayEntryModel {
    const Bound = class extends SamlReplayEntryModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(300), primaryKey: true },
        value: { type: DataTypes.STRING(64), allowNull: false },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'saml_replay_cache', modelName: 'SamlReplayEntry', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
