/** A person or group created by SCIM provisioning (migration 0020): its SCIM names and whether SCIM deleted it. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** SCIM's resource type names. */
export type ScimResourceType = 'User' | 'Group';

export class ScimResourceModel extends Model<InferAttributes<ScimResourceModel>, InferCreationAttributes<ScimResourceModel>> {
  declare resourceType: ScimResourceType;
  /** users.id or groups.id. */
  declare targetId: string;
  declare externalId: string | null;
  /** Users only: the SCIM userName as sent. */
  declare userName: string | null;
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof ScimResourceModel {
    const Bound = class extends ScimResourceModel {};
    Bound.init(
      {
        resourceType: { type: DataTypes.STRING(16), primaryKey: true },
        targetId: { type: DataTypes.STRING(26), primaryKey: true },
        externalId: { type: DataTypes.STRING(255), allowNull: true },
        userName: { type: DataTypes.STRING(320), allowNull: true },
        deletedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'scim_resources', modelName: 'ScimResource', underscored: true },
    );
    return Bound;
  }
}
