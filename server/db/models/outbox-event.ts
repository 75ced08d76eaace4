/** One side effect of a committed write, waiting to be delivered (see migration 0018-outbox). */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class OutboxEventModel extends Model<InferAttributes<OutboxEventModel>, InferCreationAttributes<OutboxEventModel>> {
  declare id: string;
  declare name: string;
  /** JSON text of the event payload. */
  declare payload: string;
  declare claimedBy: string;
  declare claimedUntil: Date;
  declare attempts: CreationOptional<number>;
  declare createdAt: Date;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof OutboxEventModel {
    const Bound = class extends OutboxEventModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        name: { type: DataTypes.STRING(64), allowNull: false },
        payload: { type: DataTypes.TEXT, allowNull: false },
        claimedBy: { type: DataTypes.STRING(100), allowNull: false },
        claimedUntil: { type: DataTypes.DATE, allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'outbox_events', modelName: 'OutboxEvent', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
