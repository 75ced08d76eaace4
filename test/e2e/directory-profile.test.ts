import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { ldapEnv } from '../helpers/directory-app.js';
import { startSlapd, type SlapdHandle } from '../helpers/slapd/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('directory sign-in in a real browser', function () {
  this.timeout(60_000);
  let slapd: SlapdHandle;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    slapd = await startSlapd();
    server = await startTestServer(ldapEnv(slapd));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.close();
  });

  it('a directory person signs in on the web page and sees their profile with the verified mark and photo', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('User name or email').fill(slapd.users.alice.mail);
    await page.getByLabel('Password').fill(slapd.users.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Alice Martin' }).waitFor();

    await page.getByRole('link', { name: 'Profile' }).click();
    expect(new URL(page.url()).pathname).to.equal('/@alice');
    await page.getByRole('heading', { name: 'Alice Martin' }).waitFor();
    expect(await page.getByTestId('verified-mark').textContent()).to.include('Verified by the company directory');
    expect(await page.getByText('Chief Technology Officer').count()).to.equal(1);
    const photo = page.getByRole('img', { name: 'Photo of Alice Martin' });
    // The JPEG decoded: the browser knows its natural size.
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).to.equal(8);
    await screenshot(page, 'profile-directory-en');
    await context.close();
  });
});
