/** A file or image uploaded by a person, attached to at most one post. */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type AttachmentKind = 'image' | 'file';
export class AttachmentModel extends Model<InferAttributes<AttachmentModel>, InferCreationAttributes<AttachmentModel>> {
  declare id: string;
  declare ownerId: string;
  declare postId: string | null;
  declare kind: AttachmentKind;
  declare contentType: string;
  declare fileName: string;
  declare sizeBytes: number;
  declare storageKey: string;
  declare previewKey: string | null;
  declare width: number | null;
  declare height: number | null;
  declare description: string | null;
  declare createdAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof AttachmentModel {
    const Bound = class extends AttachmentModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        ownerId: { type: DataTypes.STRING(26), allowNull: false },
        postId: { type: DataTypes.STRING(26), allowNull: true },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        contentType: { type: DataTypes.STRING(128), allowNull: false },
        fileName: { type: DataTypes.STRING(255), allowNull: false },
        sizeBytes: { type: DataTypes.INTEGER, allowNull: false },
        storageKey: { type: DataTypes.STRING(255), allowNull: false },
        previewKey: { type: DataTypes.STRING(255), allowNull: true },
        width: { type: DataTypes.INTEGER, allowNull: true },
        height: { type: DataTypes.INTEGER, allowNull: true },
        description: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'attachments', modelName: 'Attachment', underscored: true, updatedAt: false },
    );
    return Bound;
  }
}
