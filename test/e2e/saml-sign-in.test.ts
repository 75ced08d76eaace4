import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { samlTestEnv, TestSamlIdp } from '../helpers/saml-idp.js';
import { ADMIN } from '../helpers/test-app.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { freePort } from '../helpers/warble-process.js';

describe('SAML sign-in in a real browser', function () {
  this.timeout(90_000);
  let idp: TestSamlIdp;
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    idp = await TestSamlIdp.start();
    // publicUrl (which the IdP posts back to) must be known before Warble starts.
    const port = await freePort();
    server = await startTestServer(samlTestEnv(idp, `http://127.0.0.1:${port}`, { WARBLE_PORT: String(port) }));
    await server.running.container.localUsers.create({ ...ADMIN, isAdmin: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  it('the SAML button goes to the IdP, whose auto-posted answer signs the person in on the page they asked for', async () => {
    idp.user = { nameId: 'e2e-7f3a', attributes: { uid: 'dora', email: 'dora@corp.example', displayName: 'Dora Diaz', groups: ['Design'] } };
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/settings`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await screenshot(page, 'saml-login-en');
    await page.getByRole('link', { name: 'Sign in with Contoso' }).click();
    // The IdP's page posts the form by script; Warble answers with a redirect to where the person was going.
    await page.waitForURL(`${server.url}/settings`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.match(/Settings/);
    await screenshot(page, 'saml-signed-in-en');
    expect(idp.requests).to.have.length(1);

    const dora = await server.running.container.users.findByUsername('dora');
    expect(dora!.get({ plain: true })).to.include({ source: 'saml', displayName: 'Dora Diaz' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).to.equal('/login');
    await context.close();
  });
});
