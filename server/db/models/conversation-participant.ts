/** A person taking part in a conversation, with their unread flag. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class ConversationParticipantModel extends Model<InferAttributes<ConversationParticipantModel>, InferCreationAttributes<ConversationParticipantModel>> {
  declare conversationId: string;
  declare userId: string;
  declare unread: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof ConversationParticipantModel {
    const Bound = class extends ConversationParticipantModel {};
    Bound.init(
      {
        conversationId: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), primaryKey: true },
        unread: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'conversation_participants', modelName: 'ConversationParticipant', underscored: true },
    );
    return Bound;
  }
}
