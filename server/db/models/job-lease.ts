/**
 * A time-limited claim on a background job, so that with several nodes only
 * one runs it at a time (until Redis locks arrive, the database is the one
 * thing every node shares).
 */
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class JobLeaseModel extends Model<InferAttributes<JobLeaseModel>, InferCreationAttributes<JobLeaseModel>> {
  declare name: string;
  declare holder: string;
  declare expiresAt: Date;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof JobLeaseModel {
    const Bound = class extends JobLeaseModel {};
    Bound.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        holder: { type: DataTypes.STRING(64), allowNull: false },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'job_leases', modelName: 'JobLease', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
