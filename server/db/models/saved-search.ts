/**
 * A search a person saved (table `saved_searches`, migration 0014), which they
 * may watch: every new post matching it that they may see raises a
 * `saved_search` notification. Bound by the search feature's own factory
 * (server/services/search/search-services.ts).
 */
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class SavedSearchModel extends Model<InferAttributes<SavedSearchModel>, InferCreationAttributes<SavedSearchModel>> {
  declare id: string;
  declare userId: string;
  declare query: string;
  declare watch: boolean;
  declare lastSeenPostId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** A subclass bound to one database, so several databases can live in one process. */
  static bindTo(sequelize: Sequelize): typeof SavedSearchModel {
    const Bound = class extends SavedSearchModel {};
    Bound.init(
      {
        id: { type: DataTypes.STRING(26), primaryKey: true },
        userId: { type: DataTypes.STRING(26), allowNull: false },
        query: { type: DataTypes.STRING(200), allowNull: false },
        watch: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        lastSeenPostId: { type: DataTypes.STRING(26), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'saved_searches', modelName: 'SavedSearch', underscored: true },
    );
    return Bound;
  }
}
