/** One group an announcement is addressed to (none at all: it goes to everyone). */
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class AnnouncementGroupModel extends Model<InferAttributes<AnnouncementGroupModel>, InferCreationAttributes<AnnouncementGroupModel>> {
  declare announcementId: string;
  declare groupId: string;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AnnouncementGroupModel {
    const Bound = class extends AnnouncementGroupModel {};
    Bound.init(
      {
        announcementId: { type: DataTypes.STRING(26), primaryKey: true },
        groupId: { type: DataTypes.STRING(26), primaryKey: true },
      },
      { sequelize, tableName: 'announcement_groups', modelName: 'AnnouncementGroup', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
