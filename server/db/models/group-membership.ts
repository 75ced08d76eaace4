/**
 * One person in one group, with a role and a state, so joining, requesting to
 * join a private group and being invited are all the same row moving through
 * states rather than separate tables.
 */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** What a member may do in the group. */
export type GroupRole = 'owner' | 'admin' | 'member';
/** Whether the membership is in effect, asked for by the person, or offered to them. */
export type MembershipState = 'active' | 'requested' | 'invited';

export class GroupMembershipModel extends Model<
  InferAttributes<GroupMembershipModel>,
  InferCreationAttributes<GroupMembershipModel>
> {
  declare groupId: string;
  declare userId: string;
  declare role: CreationOptional<GroupRole>;
  declare state: CreationOptional<MembershipState>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof GroupMembershipModel {
    const Bound = class extends GroupMembershipModel {};
    Bound.init(
      {
        groupId: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), primaryKey: true },
        role: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'member' },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'group_memberships', modelName: 'GroupMembership', underscored: true },
    );
    return Bound;
  }
}
