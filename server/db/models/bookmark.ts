/** A post a person saved for later (private to them). */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class BookmarkModel extends Model<InferAttributes<BookmarkModel>, InferCreationAttributes<BookmarkModel>> {
  declare id: string;
  declare userId: string;
  declare postId: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof BookmarkModel {
    const Bound = class extends BookmarkModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        postId: { type: DataTypes.STRING(26), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'bookmarks', modelName: 'Bookmark', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
