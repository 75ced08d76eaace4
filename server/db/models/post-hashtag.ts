/** A hashtag used by a post (normalised: lowercase NFC, no #). */
import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class PostHashtagModel extends Model<InferAttributes<PostHashtagModel>, InferCreationAttributes<PostHashtagModel>> {
  declare postId: string;
  declare tag: string;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof PostHashtagModel {
    const Bound = class extends PostHashtagModel {};
    Bound.init(
      {
        postId: { type: DataTypes.STRING(26), primaryKey: true },
        tag: { type: DataTypes.STRING(100), primaryKey: true },
      },
      { sequelize, tableName: 'post_hashtags', modelName: 'PostHashtag', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
