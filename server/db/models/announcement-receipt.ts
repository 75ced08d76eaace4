/**
 * What one person did with one announcement: when it was first shown to them
 * and when they acknowledged it. Written on first sight, so a missing row
 * means "delivered, not seen yet".
 */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class AnnouncementReceiptModel extends Model<InferAttributes<AnnouncementReceiptModel>, InferCreationAttributes<AnnouncementReceiptModel>> {
  declare announcementId: string;
  declare userId: string;
  declare seenAt: CreationOptional<Date | null>;
  declare acknowledgedAt: CreationOptional<Date | null>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AnnouncementReceiptModel {
    const Bound = class extends AnnouncementReceiptModel {};
    Bound.init(
      {
        announcementId: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), primaryKey: true },
        seenAt: { type: DataTypes.DATE, allowNull: true },
        acknowledgedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: 'announcement_receipts', modelName: 'AnnouncementReceipt', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
