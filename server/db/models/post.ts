/** A post: an original, a reply, or a repost (repostOfId set, empty text). */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type PostVisibility = 'public' | 'group' | 'direct';
export class PostModel extends Model<InferAttributes<PostModel>, InferCreationAttributes<PostModel>> {
  declare id: string;
  declare authorId: string;
  declare text: string;
  declare visibility: PostVisibility;
  declare groupId: string | null;
  declare inReplyToId: string | null;
  declare inReplyToAuthorId: string | null;
  declare threadRootId: string | null;
  declare repostOfId: string | null;
  declare conversationId: string | null;
  declare language: string | null;
  declare repliesCount: CreationOptional<number>;
  declare repostsCount: CreationOptional<number>;
  declare likesCount: CreationOptional<number>;
  declare editedAt: CreationOptional<Date | null>;
  declare deletedAt: CreationOptional<Date | null>;
  declare hiddenAt: CreationOptional<Date | null>;
  /** Who really published a post made as an official account (null otherwise). */
  declare publishedById: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof PostModel {
    const Bound = class extends PostModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        authorId: { type: DataTypes.STRING(26), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        visibility: { type: DataTypes.STRING(16), allowNull: false },
        groupId: { type: DataTypes.STRING(26), allowNull: true },
        inReplyToId: { type: DataTypes.STRING(26), allowNull: true },
        inReplyToAuthorId: { type: DataTypes.STRING(26), allowNull: true },
        threadRootId: { type: DataTypes.STRING(26), allowNull: true },
        repostOfId: { type: DataTypes.STRING(26), allowNull: true },
        conversationId: { type: DataTypes.STRING(26), allowNull: true },
        language: { type: DataTypes.STRING(8), allowNull: true },
        repliesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        repostsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        likesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        editedAt: { type: DataTypes.DATE, allowNull: true },
        deletedAt: { type: DataTypes.DATE, allowNull: true },
        hiddenAt: { type: DataTypes.DATE, allowNull: true },
        publishedById: { type: DataTypes.STRING(26), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'posts', modelName: 'Post', underscored: true },
    );
    return Bound;
  }
}
