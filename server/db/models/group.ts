/**
 * A group of people: a team made in Warble (source 'local') or mirrored from a
 * directory group (source 'ldap', keyed by its normalised DN). Public groups
 * can be read and joined by anyone; private ones by members only.
 */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Who may see a group and its posts. */
export type GroupVisibility = 'public' | 'private';
/** Who manages the group's membership: Warble itself, the directory, or a single sign-on provider's group claim. */
export type GroupSource = 'local' | 'ldap' | 'oidc' | 'saml';

export class GroupModel extends Model<InferAttributes<GroupModel>, InferCreationAttributes<GroupModel>> {
  declare id: string;
  declare slug: string;
  declare name: string;
  declare description: CreationOptional<string>;
  declare visibility: CreationOptional<GroupVisibility>;
  declare source: CreationOptional<GroupSource>;
  declare directoryDn: string | null;
  /** Set when a directory group disappeared: kept (posts stay readable), no longer synced. */
  declare archivedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof GroupModel {
    const Bound = class extends GroupModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        slug: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
        visibility: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'public' },
        source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'local' },
        directoryDn: { type: DataTypes.STRING(1024), allowNull: true },
        archivedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'groups', modelName: 'Group', underscored: true },
    );
    return Bound;
  }
}
