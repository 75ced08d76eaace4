/** The models of one database. Schema comes from migrations, never sync(). */
import type { Sequelize } from 'sequelize';
import { SessionModel } from './session.js';
import { UserModel } from './user.js';

export { SessionModel, UserModel };

export interface Models {
  User: typeof UserModel;
  Session: typeof SessionModel;
}

export function createModels(sequelize: Sequelize): Models {
  return {
    User: UserModel.bindTo(sequelize),
    Session: SessionModel.bindTo(sequelize),
  };
}
