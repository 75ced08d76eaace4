/** Something a person should know about: a mention, reply, repost, like, follow, group invite or join request. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type NotificationType = 'mention' | 'reply' | 'repost' | 'like' | 'follow' | 'group_invite' | 'group_join_request'
  /** A new post matched a watched saved search (services/search). */
  | 'saved_search';
export class NotificationModel extends Model<InferAttributes<NotificationModel>, InferCreationAttributes<NotificationModel>> {
  declare id: string;
  declare recipientId: string;
  declare type: NotificationType;
  declare actorId: string | null;
  declare postId: string | null;
  declare groupId: string | null;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof NotificationModel {
    const Bound = class extends NotificationModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        recipientId: { type: DataTypes.STRING(26), allowNull: false },
        type: { type: DataTypes.STRING(32), allowNull: false },
        actorId: { type: DataTypes.STRING(26), allowNull: true },
        postId: { type: DataTypes.STRING(26), allowNull: true },
        groupId: { type: DataTypes.STRING(26), allowNull: true },
        readAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notifications', modelName: 'Notification', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
