/**
 * Sequelize's SQLite dialect asks `PRAGMA table_info` before every model
 * SELECT; Warble answers it from a cache after the first time
 * (server/db/sqlite-table-info-cache.ts). The statements really sent to
 * SQLite are watched at the driver (test/helpers/statement-log.ts): the
 * PRAGMA must be run once per table, results must still be typed (dates as
 * Date), and a schema change must be seen.
 */
import { expect } from 'chai';
import { logStatements, type StatementLog } from '../../helpers/statement-log.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('SQLite column types asked once per table', () => {
  let testApp: TestApp;
  let log: StatementLog | undefined;

  before(async function () {
    testApp = await startTestApp();
    if (testApp.database.dialect !== 'sqlite') {
      await testApp.close();
      this.skip();
    }
    log = logStatements();
  });
  after(async () => {
    log?.stop();
    await testApp?.close();
  });

  const tableInfos = () => log!.statements.filter((sql) => /^PRAGMA table_info/i.test(sql));

  it('runs PRAGMA table_info at most once for repeated model queries, and still types the results', async () => {
    const { localUsers, models } = testApp.container;
    await localUsers.create({ username: 'typed_person', password: 'typed person password' });
    await models.User.findAll();
    log!.clear();
    for (let round = 0; round < 5; round += 1) {
      const people = await models.User.findAll({ where: { username: 'typed_person' } });
      expect(people[0]!.createdAt).to.be.instanceOf(Date);
      expect(people[0]!.isAdmin).to.be.a('boolean');
    }
    expect(log!.statements.filter((sql) => sql.includes('FROM `users`')).length).to.be.at.least(5);
    expect(tableInfos()).to.deep.equal([]);
  });

  it('asks again after a schema change', async () => {
    const { models, sequelize } = testApp.container;
    await sequelize.query('ALTER TABLE reports ADD COLUMN extra_column TEXT');
    log!.clear();
    await models.Report.findAll();
    expect(tableInfos()).to.deep.equal(['PRAGMA table_info(`reports`)']);
  });
});
