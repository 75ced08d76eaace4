import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('first run in a real browser', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let log: CapturedLog;
  before(async () => {
    log = captureLog('info');
    server = await startTestServer({}, { logger: log.logger });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Issue 15: setup is for whoever controls the server. The browser alone meets a page pointing at the server log;
  // the one-time link printed there opens the form. (Before, any first visitor could create the administrator.)
  it('a new instance points at the server log; its one-time link creates the admin, who signs out and in again', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) external.push(request.url());
    });

    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).to.equal('/setup');
    await page.getByTestId('setup-locked').waitFor();
    expect(await page.getByLabel('Password', { exact: true }).count()).to.equal(0);
    await screenshot(page, 'setup-locked-en');

    const setupUrl = log.lines.map((line) => line.setupUrl).find((url): url is string => typeof url === 'string');
    expect(setupUrl, 'setup link in the log').to.match(/\/setup\?token=/);
    await page.goto(setupUrl!);
    await screenshot(page, 'setup-en');
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Password again').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create administrator' }).click();

    await expect_heading(page, 'Hello, Ada Lovelace');
    await screenshot(page, 'home-en');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).to.equal('/login');

    await page.getByLabel('User name or email').fill('ada');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).to.include('Wrong user name or password.');
    await screenshot(page, 'login-error-en');

    await page.getByLabel('User name or email').fill('ada');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect_heading(page, 'Hello, Ada Lovelace');
    expect(external, 'requests leaving Warble').to.deep.equal([]);
    await context.close();
  });

  it('speaks French to a French browser, on a phone-sized screen, with JavaScript off', async () => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    await page.getByLabel('Nom d’utilisateur ou courriel').fill('ada');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect_heading(page, 'Bonjour, Ada Lovelace');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, 'horizontal scrolling at 360 px').to.equal(false);
    await screenshot(page, 'home-fr-phone');
    await context.close();
  });
});

async function expect_heading(page: import('playwright-core').Page, text: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  expect((await heading.textContent())?.trim()).to.equal(text);
}
