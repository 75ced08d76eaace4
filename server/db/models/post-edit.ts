/** One earlier version of an edited post (history is kept, never rewritten). */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class PostEditModel extends Model<InferAttributes<PostEditModel>, InferCreationAttributes<PostEditModel>> {
  declare id: string;
  declare postId: string;
  declare text: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof PostEditModel {
    const Bound = class extends PostEditModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        postId: { type: DataTypes.STRING(26), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'post_edits', modelName: 'PostEdit', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
