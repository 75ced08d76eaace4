/** A person's report of a post (and its author) to the moderators. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type ReportStatus = 'open' | 'resolved';

export class ReportModel extends Model<InferAttributes<ReportModel>, InferCreationAttributes<ReportModel>> {
  declare id: string;
  declare reporterId: string;
  declare postId: string | null;
  /** The reported person (the post's author). */
  declare accountId: string;
  declare comment: CreationOptional<string>;
  declare status: CreationOptional<ReportStatus>;
  declare resolvedBy: CreationOptional<string | null>;
  declare resolvedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof ReportModel {
    const Bound = class extends ReportModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        reporterId: { type: DataTypes.STRING(26), allowNull: false },
        postId: { type: DataTypes.STRING(26), allowNull: true },
        accountId: { type: DataTypes.STRING(26), allowNull: false },
        comment: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        resolvedBy: { type: DataTypes.STRING(26), allowNull: true },
        resolvedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'reports', modelName: 'Report', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
