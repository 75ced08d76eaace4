/**
 * A person's photo bytes, kept in the database rather than under dataDir so
 * every node serves it (nodes are stateless), backups hold one thing, and the
 * photo changes in the same transaction as the profile.
 */
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class UserPhotoModel extends Model<InferAttributes<UserPhotoModel>, InferCreationAttributes<UserPhotoModel>> {
  declare userId: string;
  declare contentType: string;
  declare data: Buffer;
  declare updatedAt: Date;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof UserPhotoModel {
    const Bound = class extends UserPhotoModel {};
    Bound.init(
      {
        userId: { type: DataTypes.STRING(26), primaryKey: true },
        contentType: { type: DataTypes.STRING(64), allowNull: false },
        data: { type: DataTypes.BLOB, allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'user_photos', modelName: 'UserPhoto', underscored: true, createdAt: false, updatedAt: false },
    );
    return Bound;
  }
}
