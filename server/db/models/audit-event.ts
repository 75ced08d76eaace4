/** One audited action: who (or which tool), what, on what, from where, when. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class AuditEventModel extends Model<InferAttributes<AuditEventModel>, InferCreationAttributes<AuditEventModel>> {
  declare id: string;
  declare actorId: string | null;
  /** The person's user name at the time, or `cli`, `system`, `directory`. */
  declare actorLabel: string;
  declare action: string;
  declare targetType: string | null;
  declare targetId: string | null;
  declare address: string | null;
  /** JSON object with the action's particulars (never secrets). */
  declare detail: string;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AuditEventModel {
    const Bound = class extends AuditEventModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        actorId: { type: DataTypes.STRING(26), allowNull: true },
        actorLabel: { type: DataTypes.STRING(200), allowNull: false },
        action: { type: DataTypes.STRING(64), allowNull: false },
        targetType: { type: DataTypes.STRING(32), allowNull: true },
        targetId: { type: DataTypes.STRING(200), allowNull: true },
        address: { type: DataTypes.STRING(64), allowNull: true },
        detail: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'audit_events', modelName: 'AuditEvent', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
