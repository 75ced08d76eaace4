/** One directory sync, kept so admins can see when it last ran and what it changed. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** What started the sync. */
export type SyncTrigger = 'interval' | 'admin' | 'cli';
/** Where the sync is: running, done, or stopped by an error (nothing deactivated then). */
export type SyncStatus = 'running' | 'succeeded' | 'failed';

export class DirectorySyncRunModel extends Model<
  InferAttributes<DirectorySyncRunModel>,
  InferCreationAttributes<DirectorySyncRunModel>
> {
  declare id: string;
  declare trigger: SyncTrigger;
  declare status: SyncStatus;
  declare startedAt: Date;
  declare finishedAt: Date | null;
  declare added: CreationOptional<number>;
  declare updated: CreationOptional<number>;
  declare deactivated: CreationOptional<number>;
  declare reactivated: CreationOptional<number>;
  declare groups: CreationOptional<number>;
  declare error: string | null;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof DirectorySyncRunModel {
    const Bound = class extends DirectorySyncRunModel {};
    // A fresh object per attribute: Sequelize writes the column name into the definition it is given.
    const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        trigger: { type: DataTypes.STRING(16), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        startedAt: { type: DataTypes.DATE, allowNull: false },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
        added: count(),
        updated: count(),
        deactivated: count(),
        reactivated: count(),
        groups: count(),
        error: { type: DataTypes.TEXT, allowNull: true },
      },
      { sequelize, tableName: 'directory_sync_runs', modelName: 'DirectorySyncRun', underscored: true, timestamps: false },
    );
    return Bound;
  }
}
