/**
 * The read cache really answers: a timeline read a second time sends none of
 * the hydration statements (posts, mentions and hashtags, attachments,
 * groups, authors) the first read sent, counted at the database drivers;
 * the viewer's own likes, bookmarks and reposts are still read every time.
 */
import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { logStatements } from '../../helpers/statement-log.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSWORD = 'read cache statements password';

/** The presenter's batch reads (server/db/repositories/post-read-repository.ts, viewer-read-repository.ts). */
const HYDRATION: Record<string, RegExp> = {
  posts: /FROM posts WHERE id IN/i,
  tags: /FROM post_mentions WHERE post_id IN/i,
  attachments: /FROM attachments WHERE post_id IN/i,
  groups: /FROM groups WHERE id IN/i,
  users: /FROM users WHERE id IN/i,
};
const VIEWER_FLAGS = /FROM likes WHERE user_id/i;

describe('the read cache answers a second read without the hydration statements', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let reader: ApiClient;

  before(async () => {
    testApp = await startTestApp({ WARBLE_TIMELINES_READ_CACHE: 'on' });
    const { localUsers, models } = testApp.container;
    await localUsers.create({ username: 'counted_root', password: PASSWORD, isAdmin: true });
    const author = await localUsers.create({ username: 'counted_author', password: PASSWORD });
    const readerUser = await localUsers.create({ username: 'counted_reader', password: PASSWORD });
    const group = await createGroup(models, { name: 'Counted', visibility: 'public', members: [{ userId: author.id, role: 'owner' }] });
    const api = await ApiClient.signIn(testApp, author.username, PASSWORD);
    for (let i = 0; i < 6; i += 1) {
      await api.post('/api/v1/statuses', { status: `update ${i} #counted @counted_reader`, ...(i % 2 ? { group_id: group } : {}) }).expect(200);
    }
    await testApp.container.core.follows.follow(readerUser, author.id);
    reader = await ApiClient.signIn(testApp, readerUser.username, PASSWORD);
  });
  after(() => testApp?.close());

  const count = (statements: readonly string[], pattern: RegExp) => statements.filter((sql) => pattern.test(sql)).length;

  for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public', '/api/v1/timelines/tag/counted']) {
    it(`${path}: the second read is served from the cache`, async () => {
      testApp.container.core.readCaches!.invalidation.clear();
      const log = logStatements();
      try {
        const first = await reader.get(path).expect(200);
        const cold = [...log.statements];
        log.clear();
        const second = await reader.get(path).expect(200);
        const warm = [...log.statements];
        // Each supertest request has its own port in the URLs; nothing else may differ.
        const origin = /http:\/\/127\.0\.0\.1:\d+/g;
        expect(JSON.stringify(second.body).replace(origin, '')).to.equal(JSON.stringify(first.body).replace(origin, ''));
        expect((first.body as unknown[]).length).to.be.greaterThan(0);
        for (const [name, pattern] of Object.entries(HYDRATION)) {
          if (name === 'users') {
            // The signed-in person is read on every request (never cached); their authors are not read again.
            expect(count(warm, pattern), name).to.equal(count(cold, pattern) - 1);
          } else if (count(cold, pattern) > 0) {
            expect(count(warm, pattern), name).to.equal(0);
          }
        }
        expect(count(cold, HYDRATION.posts!)).to.be.greaterThan(0);
        expect(count(warm, VIEWER_FLAGS), 'viewer flags stay per request').to.equal(1);
        expect(warm.length).to.be.lessThan(cold.length - 2);
      } finally {
        log.stop();
      }
    });
  }
});
