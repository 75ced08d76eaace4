/**
 * Sequelize's SQLite dialect asks `PRAGMA table_info` before every model
 * SELECT; Warble answers it from a cache after the first time
 * (server/db/sqlite-table-info-cache.ts). The statements SQLite really runs
 * are watched through node-sqlite3's `trace` event on Sequelize's own
 * connection: the PRAGMA must be run once per table, results must still be
 * typed (dates as Date), and a schema change must be seen.
 */
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

interface TracedConnection {
  on(event: 'trace', listener: (sql: string) => void): void;
  removeAllListeners(event: 'trace'): void;
}

describe('SQLite column types asked once per table', () => {
  let testApp: TestApp;
  let traced: string[] = [];
  let connection: TracedConnection;

  before(async function () {
    testApp = await startTestApp();
    if (testApp.database.dialect !== 'sqlite') {
      await testApp.close();
      this.skip();
    }
    const manager = (testApp.container.sequelize as unknown as { connectionManager: { connections: Record<string, TracedConnection> } })
      .connectionManager;
    connection = manager.connections.default!;
    connection.on('trace', (sql) => traced.push(sql));
  });
  after(async () => {
    connection?.removeAllListeners('trace');
    await testApp?.close();
  });

  /** node-sqlite3 reports a statement from its worker thread: give the last reports time to arrive. */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 100));
  const tableInfos = () => traced.filter((sql) => /^PRAGMA table_info/i.test(sql));

  it('runs PRAGMA table_info at most once for repeated model queries, and still types the results', async () => {
    const { localUsers, models } = testApp.container;
    await localUsers.create({ username: 'typed_person', password: 'typed person password' });
    await models.User.findAll();
    traced = [];
    for (let round = 0; round < 5; round += 1) {
      const people = await models.User.findAll({ where: { username: 'typed_person' } });
      expect(people[0]!.createdAt).to.be.instanceOf(Date);
      expect(people[0]!.isAdmin).to.be.a('boolean');
    }
    await settled();
    expect(traced.filter((sql) => sql.includes('FROM `users`')).length).to.be.at.least(5);
    expect(tableInfos()).to.deep.equal([]);
  });

  it('asks again after a schema change', async () => {
    const { models, sequelize } = testApp.container;
    await sequelize.query('ALTER TABLE reports ADD COLUMN extra_column TEXT');
    traced = [];
    await models.Report.findAll();
    await settled();
    expect(tableInfos()).to.deep.equal(['PRAGMA table_info(`reports`)']);
  });
});
