/** One person's digest for one period (`daily:2026-11-22`, `weekly:2026-W47`): the claim that makes sending idempotent. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type DigestDeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export class DigestDeliveryModel extends Model<InferAttributes<DigestDeliveryModel>, InferCreationAttributes<DigestDeliveryModel>> {
  declare id: string;
  declare userId: string;
  declare periodKey: string;
  declare status: DigestDeliveryStatus;
  declare attempts: CreationOptional<number>;
  declare claimedAt: Date;
  declare sentAt: CreationOptional<Date | null>;
  declare mentionsCount: CreationOptional<number>;
  declare messagesCount: CreationOptional<number>;
  declare announcementsCount: CreationOptional<number>;
  declare postsCount: CreationOptional<number>;
  declare error: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof DigestDeliveryModel {
    const Bound = class extends DigestDeliveryModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        periodKey: { type: DataTypes.STRING(32), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        claimedAt: { type: DataTypes.DATE, allowNull: false },
        sentAt: { type: DataTypes.DATE, allowNull: true },
        mentionsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        messagesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        announcementsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        postsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        error: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'digest_deliveries', modelName: 'DigestDelivery', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
