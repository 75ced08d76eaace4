/** The shape of one migration: a name that sorts, an up and a down. */
import type { QueryInterface, Transaction } from 'sequelize';

/** What a migration receives; pass `{ transaction }` to every call. */
export interface MigrationContext {
  queryInterface: QueryInterface;
  transaction: Transaction;
  dialect: 'sqlite' | 'postgres';
}

export interface Migration {
  name: string;
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}
