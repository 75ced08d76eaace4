import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { newId } from '../../server/domain/ids.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { createGroup, insertPost } from '../helpers/post-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** The last Wednesday at 14:20 UTC that is at least a day ago: inside the dashboard's default 28 days. */
function lastWednesdayAfternoon(now = new Date()): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 14, 20));
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}

/** Acceptance: a manager opens their team's analytics page and reads off the best hour to post. */
describe('analytics in a real browser', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let slug = '';

  before(async () => {
    server = await startTestServer();
    const { container } = server.running;
    const { models, sequelize } = container;
    // An administrator exists, so the first-run setup page is behind us.
    await container.localUsers.create({ username: 'ada', password: 'correct horse battery', isAdmin: true });
    const mia = await container.localUsers.create({ username: 'mia', displayName: 'Mia Manager', password: 'mias long password' });
    const team = [];
    for (const name of ['tom', 'uma', 'vic']) team.push(await container.localUsers.create({ username: name, password: `${name}s long password` }));
    const groupId = await createGroup(models, {
      name: 'Support Team',
      visibility: 'private',
      members: [{ userId: mia.id, role: 'owner' }, ...team.map((person) => ({ userId: person.id }))],
    });
    slug = (await models.Group.findByPk(groupId))!.slug;
    const wednesday = lastWednesdayAfternoon();
    const monday = new Date(wednesday.getTime() - 2 * 86_400_000 + 3 * 3_600_000);
    const posts = [
      await insertPost(models, { authorId: mia.id, groupId, text: 'New escalation rota from Monday' }),
      await insertPost(models, { authorId: mia.id, groupId, text: 'Please fill in the holiday sheet' }),
    ];
    // The team reads and likes on Wednesday afternoons; one stray like on a Monday evening.
    for (const person of team) {
      for (const postId of posts) {
        await models.Like.create({ id: newId(), userId: person.id, postId });
        await sequelize.query('UPDATE likes SET created_at = :at WHERE user_id = :userId AND post_id = :postId', {
          replacements: { at: postId === posts[1] && person === team[0] ? monday : wednesday, userId: person.id, postId },
        });
      }
      container.analytics.impressions!.record(person.id, posts.map((postId) => ({ postId, authorId: mia.id })), wednesday);
    }
    await container.analytics.impressions!.flush();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a manager opens their team’s analytics and reads off the best hour to post', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('User name or email').fill('mia');
    await page.getByLabel('Password', { exact: true }).fill('mias long password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/groups/${slug}`);
    await page.getByRole('link', { name: 'Group analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics: Support Team' }).waitFor();
    expect(await page.getByTestId('best-time').textContent()).to.equal('Best time to post: Wednesday 14:00–15:00');
    expect(await page.getByRole('img', { name: /by weekday and hour/ }).isVisible()).to.equal(true);
    expect(await page.locator('[data-figure="likes"]').textContent()).to.equal('6');
    await screenshot(page, 'analytics-group-en');
    expect(violations).to.deep.equal([]);
    await context.close();
  });
});
