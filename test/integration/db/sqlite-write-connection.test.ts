/**
 * On SQLite, write transactions run one at a time on one long-lived
 * connection (server/db/sqlite-write-lock.ts) instead of a new connection
 * per transaction. These check what that must keep true: every transaction
 * gets the same connection, a rolled-back one leaves it usable and clean,
 * concurrent transactions still queue rather than interleave, and reads
 * outside transactions see each commit.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('SQLite write transactions on one connection', () => {
  let testApp: TestApp;

  before(async function () {
    testApp = await startTestApp();
    if (testApp.database.dialect !== 'sqlite') {
      await testApp.close();
      this.skip();
    }
  });
  after(() => testApp?.close());

  const count = async () =>
    Number((await testApp.container.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM saved_words', { type: QueryTypes.SELECT }))[0]!.n);

  before(async () => {
    await testApp.container.sequelize.query('CREATE TABLE saved_words (word TEXT NOT NULL UNIQUE)');
  });

  it('reuses one connection for every transaction', async () => {
    const { sequelize } = testApp.container;
    const first = await sequelize.transaction(async (transaction) => (transaction as unknown as { connection: object }).connection);
    const second = await sequelize.transaction(async (transaction) => (transaction as unknown as { connection: object }).connection);
    expect(first).to.equal(second);
  });

  it('rolls back a failed transaction and leaves the connection usable', async () => {
    const { sequelize } = testApp.container;
    const failing = sequelize.transaction(async (transaction) => {
      await sequelize.query(`INSERT INTO saved_words (word) VALUES ('kept-out')`, { transaction });
      await sequelize.query(`INSERT INTO saved_words (word) VALUES ('kept-out')`, { transaction });
    });
    const error = await failing.then(() => null, (caught: unknown) => caught);
    expect(String(error)).to.match(/UniqueConstraintError/);
    expect(await count()).to.equal(0);
    await sequelize.transaction((transaction) => sequelize.query(`INSERT INTO saved_words (word) VALUES ('after')`, { transaction }));
    expect(await count()).to.equal(1);
  });

  it('queues concurrent transactions instead of interleaving them on the shared connection', async () => {
    const { sequelize } = testApp.container;
    const order: string[] = [];
    const slowWrite = (name: string) =>
      sequelize.transaction(async (transaction) => {
        order.push(`${name} begins`);
        await sequelize.query(`INSERT INTO saved_words (word) VALUES ('${name}')`, { transaction });
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`${name} ends`);
      });
    await Promise.all([slowWrite('one'), slowWrite('two'), slowWrite('three')]);
    expect(order).to.deep.equal(['one begins', 'one ends', 'two begins', 'two ends', 'three begins', 'three ends']);
    expect(await count()).to.equal(4);
  });
});
