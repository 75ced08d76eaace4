/** A person follows a hashtag: its public posts reach their home timeline. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class HashtagFollowModel extends Model<InferAttributes<HashtagFollowModel>, InferCreationAttributes<HashtagFollowModel>> {
  declare id: string;
  declare userId: string;
  declare tag: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof HashtagFollowModel {
    const Bound = class extends HashtagFollowModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        tag: { type: DataTypes.STRING(100), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'hashtag_follows', modelName: 'HashtagFollow', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
