/** A private conversation: the direct posts between one set of participants. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class ConversationModel extends Model<InferAttributes<ConversationModel>, InferCreationAttributes<ConversationModel>> {
  declare id: string;
  /** Sorted participant ids joined by ':': one conversation per set of people. */
  declare participantsKey: string;
  declare lastPostId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof ConversationModel {
    const Bound = class extends ConversationModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        participantsKey: { type: DataTypes.STRING(2048), allowNull: false },
        lastPostId: { type: DataTypes.STRING(26), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'conversations', modelName: 'Conversation', underscored: true },
    );
    return Bound;
  }
}
