/** A person likes a post. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class LikeModel extends Model<InferAttributes<LikeModel>, InferCreationAttributes<LikeModel>> {
  declare id: string;
  declare userId: string;
  declare postId: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof LikeModel {
    const Bound = class extends LikeModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        postId: { type: DataTypes.STRING(26), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'likes', modelName: 'Like', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
