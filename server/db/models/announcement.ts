/** A message to everyone or to chosen groups, pinned above their timelines until each person acknowledges it. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class AnnouncementModel extends Model<InferAttributes<AnnouncementModel>, InferCreationAttributes<AnnouncementModel>> {
  declare id: string;
  declare authorId: string;
  /** The plain text as typed: the source of truth. */
  declare text: string;
  /** Safe HTML rendered from `text` at publication (the post renderer: escaped text, links, mentions, tags). */
  declare html: string;
  /** True: every active colleague; false: the members of its announcement_groups. */
  declare everyone: boolean;
  declare startsAt: Date;
  declare endsAt: Date | null;
  declare withdrawnAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AnnouncementModel {
    const Bound = class extends AnnouncementModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        authorId: { type: DataTypes.STRING(26), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        html: { type: DataTypes.TEXT, allowNull: false },
        everyone: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        startsAt: { type: DataTypes.DATE, allowNull: false },
        endsAt: { type: DataTypes.DATE, allowNull: true },
        withdrawnAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'announcements', modelName: 'Announcement', underscored: true },
    );
    return Bound;
  }
}
