/** A person mentioned by a post (also the participants of a direct post). */
import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class PostMentionModel extends Model<InferAttributes<PostMentionModel>, InferCreationAttributes<PostMentionModel>> {
  declare postId: string;
  declare userId: string;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof PostMentionModel {
    const Bound = class extends PostMentionModel {};
    Bound.init(
      {
        postId: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), primaryKey: true },
      },
      { sequelize, tableName: 'post_mentions', modelName: 'PostMention', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
