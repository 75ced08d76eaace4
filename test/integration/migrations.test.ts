import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { connectDatabase } from '../../server/db/connect.js';
import { resolveDatabaseTarget } from '../../server/db/database-url.js';
import { DatabaseNewerError, migrateDown, migrateUp, migrationStatus } from '../../server/db/migrator.js';
import { migrations } from '../../server/db/migrations/index.js';
import { createLogger } from '../../server/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

describe('database migrations', () => {
  let database: TestDatabase;
  let sequelize: Awaited<ReturnType<typeof connectDatabase>>;
  beforeEach(async () => {
    database = await createTestDatabase();
    sequelize = await connectDatabase({
      target: resolveDatabaseTarget(database.url, database.dataDir),
      poolMax: 2,
      busyTimeoutMs: 2000,
      logger: createLogger('silent'),
    });
  });
  afterEach(async () => {
    await sequelize.close();
    await database.drop();
  });

  it('migrate up from an empty database applies every migration in order', async () => {
    const applied = await migrateUp(sequelize);
    expect(applied).to.deep.equal(migrations.map((m) => m.name));
    const status = await migrationStatus(sequelize);
    expect(status.pending).to.deep.equal([]);
    const tables = await sequelize.getQueryInterface().showAllTables();
    expect(tables).to.include.members(['users', 'sessions', 'warble_migrations']);
  });

  it('is idempotent: running it again applies nothing and keeps data', async () => {
    await migrateUp(sequelize);
    await sequelize.query(
      "INSERT INTO users (id, username, display_name, is_admin, source, created_at, updated_at) VALUES ('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'keep', 'Keep Me', false, 'local', :now, :now)",
      { replacements: { now: new Date() } },
    );
    expect(await migrateUp(sequelize)).to.deep.equal([]);
    const rows = await sequelize.query('SELECT username FROM users', { type: QueryTypes.SELECT });
    expect(rows).to.deep.equal([{ username: 'keep' }]);
  });

  it('down then up restores the schema', async () => {
    await migrateUp(sequelize);
    const reverted = await migrateDown(sequelize, migrations.length);
    expect(reverted).to.have.length(migrations.length);
    expect(await sequelize.getQueryInterface().showAllTables()).not.to.include('users');
    await migrateUp(sequelize);
    expect(await sequelize.getQueryInterface().showAllTables()).to.include('users');
  });

  it('a failing migration leaves neither its changes nor its record behind', async () => {
    await migrateUp(sequelize);
    const failing = {
      name: '9999-fails-halfway',
      async up({ queryInterface, transaction }: Parameters<(typeof migrations)[number]['up']>[0]) {
        await queryInterface.addColumn('users', 'half_done', { type: 'TEXT' }, { transaction });
        throw new Error('boom');
      },
      async down() {},
    };
    let failed = false;
    try {
      await migrateUp(sequelize, undefined, [...migrations, failing]);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    const columns = await sequelize.getQueryInterface().describeTable('users');
    expect(columns).not.to.have.property('half_done');
    expect((await migrationStatus(sequelize, [...migrations, failing])).pending).to.deep.equal(['9999-fails-halfway']);
  });

  it('refuses a database migrated by a newer Warble, naming the unknown migration', async () => {
    await migrateUp(sequelize);
    await sequelize.query("INSERT INTO warble_migrations (name, applied_at) VALUES ('9000-from-the-future', :now)", {
      replacements: { now: new Date() },
    });
    let refused: unknown;
    try {
      await migrateUp(sequelize);
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(DatabaseNewerError);
    expect((refused as Error).message).to.include('9000-from-the-future');
  });
});
