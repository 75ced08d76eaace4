/** A person follows another person. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class FollowModel extends Model<InferAttributes<FollowModel>, InferCreationAttributes<FollowModel>> {
  declare id: string;
  declare followerId: string;
  declare followeeId: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof FollowModel {
    const Bound = class extends FollowModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        followerId: { type: DataTypes.STRING(26), allowNull: false },
        followeeId: { type: DataTypes.STRING(26), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'follows', modelName: 'Follow', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
