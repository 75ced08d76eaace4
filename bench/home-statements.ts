/**
 * Lists the SQL statements one signed-in home page (GET /) and one home
 * timeline API call (GET /api/v1/timelines/home) send to the database, seen
 * at the driver (test/helpers/statement-log.ts), so Sequelize's own
 * `PRAGMA table_info` lookups are counted too. A small company on a
 * throwaway database (SQLite, or PostgreSQL with WARBLE_TEST_DATABASE=postgres):
 * people who follow each other, a group, posts with hashtags, one announcement.
 * Each route is asked three times; the last request's statements are printed
 * (the first warms per-process caches).
 *
 *   npx tsx bench/home-statements.ts   (BENCH_VERBOSE=1 prints the SQL;
 *   WARBLE_TIMELINES_HOME_FEEDS=off|memory chooses how home is built)
 */
import { ApiClient } from '../test/helpers/api-client.js';
import { createGroup } from '../test/helpers/post-fixtures.js';
import { logStatements } from '../test/helpers/statement-log.js';
import { startTestApp } from '../test/helpers/test-app.js';
import { WebClient } from '../test/helpers/web-client.js';

const PASSWORD = 'bench password 123';
// WARBLE_TIMELINES_HOME_FEEDS=off lists the home API's statements with every page merged from the database.
const feeds = process.env.WARBLE_TIMELINES_HOME_FEEDS;
const testApp = await startTestApp(feeds ? { WARBLE_TIMELINES_HOME_FEEDS: feeds } : {});
try {
  const { container } = testApp;
  const people = [];
  for (let i = 0; i < 12; i += 1) {
    const user = await container.localUsers.create({ username: `person${i}`, displayName: `Person ${i}`, password: PASSWORD, isAdmin: i === 0 });
    people.push(user);
  }
  for (const person of people) for (const followee of people.slice(0, 6)) if (followee.id !== person.id) await container.core.follows.follow(person, followee.id);
  await createGroup(container.models, { name: 'Platform', visibility: 'public', members: people.slice(0, 8).map((person) => ({ userId: person.id })) });
  const { token } = await container.tokens.issue({ kind: 'personal', userId: people[0]!.id, appId: null, scopes: ['read', 'write', 'follow'] });
  const admin = ApiClient.withToken(testApp, token);
  for (let i = 0; i < 60; i += 1) await admin.post('/api/v1/statuses', { status: `Update ${i} about #topic${i % 4} for @person${i % 12}` }).expect(200);
  await admin.post('/api/v1/announcements', { text: 'Office closed Friday' }).expect(200);
  const reader = new WebClient(testApp);
  await reader.signIn('person7', PASSWORD);
  const readerToken = (await container.tokens.issue({ kind: 'personal', userId: people[7]!.id, appId: null, scopes: ['read'] })).token;
  const api = ApiClient.withToken(testApp, readerToken);

  const routes: Array<[string, () => Promise<unknown>]> = [
    ['GET / (HTML)', () => reader.get('/').expect(200)],
    ['GET /api/v1/timelines/home', () => api.get('/api/v1/timelines/home').expect(200)],
  ];
  for (const [label, request] of routes) {
    await request();
    await request();
    const log = logStatements();
    try {
      await request();
    } finally {
      log.stop();
    }
    const pragmas = log.statements.filter((sql) => /^PRAGMA table_info/i.test(sql)).length;
    console.log(`${label}: ${log.statements.length} statements, ${pragmas} PRAGMA table_info (${testApp.database.dialect})`);
    if (process.env.BENCH_VERBOSE) for (const sql of log.statements) console.log(`   ${sql.replace(/\s+/g, ' ').slice(0, 220)}`);
  }
} finally {
  await testApp.close();
}
