/** An invitation by email to create a local account; pending until accepted, revoked or expired. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class InvitationModel extends Model<InferAttributes<InvitationModel>, InferCreationAttributes<InvitationModel>> {
  declare id: string;
  declare email: string;
  declare displayName: string | null;
  declare isAdmin: boolean;
  /** SHA-256 of the link's token; replaced on resend. */
  declare tokenHash: string;
  declare invitedBy: string | null;
  declare expiresAt: Date;
  declare sentAt: CreationOptional<Date | null>;
  declare acceptedAt: CreationOptional<Date | null>;
  declare acceptedUserId: CreationOptional<string | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof InvitationModel {
    const Bound = class extends InvitationModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        email: { type: DataTypes.STRING(320), allowNull: false },
        displayName: { type: DataTypes.STRING(200), allowNull: true },
        isAdmin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false },
        invitedBy: { type: DataTypes.STRING(26), allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        sentAt: { type: DataTypes.DATE, allowNull: true },
        acceptedAt: { type: DataTypes.DATE, allowNull: true },
        acceptedUserId: { type: DataTypes.STRING(26), allowNull: true },
        revokedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'invitations', modelName: 'Invitation', underscored: true },
    );
    return Bound;
  }
}
