/**
 * On SQLite, write transactions run one at a time on one long-lived
 * connection, and those that queue up are committed together as savepoints
 * of one transaction (server/db/sqlite-write-lock.ts, sqlite-group-commit.ts).
 * These check what that must keep true for every caller: the same
 * connection, no interleaving, a failure undoes only the failing caller's
 * writes, nobody is answered before the COMMIT, and afterCommit hooks run
 * after it and only for writes that were kept.
 */
import { expect } from 'chai';
import { QueryTypes, type Transaction } from 'sequelize';
import { logStatements } from '../../helpers/statement-log.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('SQLite write transactions: one connection, group commit', () => {
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

  const insert = (word: string) => (transaction: Transaction) =>
    testApp.container.sequelize.query('INSERT INTO saved_words (word) VALUES (:word)', { replacements: { word }, transaction });
  const words = async () =>
    (await testApp.container.sequelize.query<{ word: string }>('SELECT word FROM saved_words ORDER BY word', { type: QueryTypes.SELECT })).map(
      (row) => row.word,
    );

  it('commits transactions that queued up together, and undoes only the one that failed', async () => {
    const { sequelize } = testApp.container;
    await sequelize.query('DELETE FROM saved_words');
    const log = logStatements();
    const names = Array.from({ length: 20 }, (_, index) => `word-${String(index).padStart(2, '0')}`);
    const results = await Promise.allSettled(
      names.map((name, index) =>
        sequelize.transaction(async (transaction) => {
          await insert(name)(transaction);
          // The seventh writes, then fails: a duplicate of its own word.
          if (index === 7) await insert(name)(transaction);
          // The twelfth writes, then throws outside SQL.
          if (index === 12) throw new Error('changed my mind');
          return name;
        }),
      ),
    );
    log.stop();
    const commits = log.statements.filter((sql) => /^COMMIT/i.test(sql));
    expect(results.map((result) => result.status)).to.deep.equal(names.map((_, index) => (index === 7 || index === 12 ? 'rejected' : 'fulfilled')));
    expect(String((results[7] as PromiseRejectedResult).reason)).to.match(/UniqueConstraintError/);
    expect(String((results[12] as PromiseRejectedResult).reason)).to.match(/changed my mind/);
    expect(await words()).to.deep.equal(names.filter((_, index) => index !== 7 && index !== 12));
    // The first ran alone (the writer was idle); the other nineteen queued behind it and shared one COMMIT.
    expect(commits.length).to.be.within(1, 3);
  });

  it('answers a caller only once its writes are committed, and runs afterCommit hooks after that, never for undone writes', async () => {
    const { sequelize } = testApp.container;
    await sequelize.query('DELETE FROM saved_words');
    const seenAtAnswer: string[][] = [];
    const seenByHook: Record<string, string[]> = {};
    const hooked = (name: string, fail: boolean) =>
      sequelize
        .transaction(async (transaction) => {
          await insert(name)(transaction);
          transaction.afterCommit(async () => {
            seenByHook[name] = await words();
          });
          if (fail) throw new Error(`${name} fails`);
        })
        .then(async () => {
          // Read on Sequelize's other connection, outside any transaction: only committed rows are there.
          seenAtAnswer.push(await words());
        }, () => undefined);
    await Promise.all([hooked('alpha', false), hooked('beta', false), hooked('gamma', true), hooked('delta', false)]);
    for (const seen of seenAtAnswer) expect(seen).to.include.members(['alpha']);
    expect(seenAtAnswer).to.have.length(3);
    expect(Object.keys(seenByHook).sort()).to.deep.equal(['alpha', 'beta', 'delta']);
    expect(seenByHook.beta).to.include.members(['beta', 'delta']);
    expect(await words()).to.deep.equal(['alpha', 'beta', 'delta']);
  });
});
