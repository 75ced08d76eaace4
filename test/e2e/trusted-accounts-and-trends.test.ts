import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('official accounts and trends in a real browser', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer();
    const { container } = server.running;
    const ada = await container.localUsers.create({ username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery', isAdmin: true });
    await container.localUsers.create({ username: 'hanna', displayName: 'Hanna HR', password: 'people matter most' });
    const admin = { id: ada.id, username: ada.username, isAdmin: true };
    const hr = await container.officialAccounts.create(admin, { username: 'hr', displayName: 'Human Resources', bio: 'Pay, leave and benefits.' });
    await container.officialAccounts.addPublisher(admin, hr.id, 'hanna');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a publisher posts as the official account; the post wears the Official badge and its tag trends', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('User name or email').fill('hanna');
    await page.getByLabel('Password').fill('people matter most');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Hanna HR' }).waitFor();

    await page.getByLabel('Post as').selectOption({ label: 'Human Resources (official)' });
    await page.getByLabel('What’s happening?').fill('Open enrolment starts Monday #benefits');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.waitForURL(`${server.url}/`);

    // The company stream shows it; trends are cached for a minute, so take a fresh look after the post.
    server.running.container.trends.clearCache();
    await page.goto(`${server.url}/company`);
    const card = page.locator('article.post', { hasText: 'Open enrolment starts Monday' }).first();
    await card.waitFor();
    expect(await card.locator('.post-author').textContent()).to.equal('Human Resources');
    expect(await card.getByTestId('official-badge').textContent()).to.equal('Official');
    const box = page.getByTestId('trending-box');
    await box.getByRole('link', { name: '#benefits' }).waitFor();
    await screenshot(page, 'trends-box-company-en');
    await box.getByRole('link', { name: 'More trends' }).click();
    await page.getByTestId('trending-tags').getByRole('link', { name: '#benefits' }).waitFor();
    await screenshot(page, 'trends-page-en');
    await context.close();
  });
});
