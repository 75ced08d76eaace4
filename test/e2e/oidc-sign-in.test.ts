import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { oidcEnv, startOidcProvider, type OidcTestProvider } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { freePort } from '../helpers/warble-process.js';

describe('OpenID Connect sign-in in a real browser (Chromium, oidc-provider)', function () {
  this.timeout(60_000);
  let provider: OidcTestProvider;
  let server: TestServer;
  let browser: Browser;
  let publicUrl: string;

  before(async () => {
    // Warble's redirect URI is registered at the provider before Warble starts: its port is chosen first.
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUris: [`${publicUrl}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${publicUrl}/login`],
      accounts: [{ sub: 'u-alice-7f3', preferred_username: 'alice', email: 'alice@contoso.com', name: 'Alice Liddell', groups: ['warble-admins', 'Engineering'] }],
    });
    // With an admin group, a fresh instance needs no setup: the first administrator signs in through the provider.
    server = await startTestServer({ WARBLE_PORT: String(port), ...oidcEnv(provider, publicUrl, { WARBLE_AUTH_OIDC_ADMIN_GROUP: 'warble-admins' }) });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('signs in by clicking the button, signing in at the provider, and signs out of both', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${publicUrl}/login`);
    await screenshot(page, 'oidc-login-button');
    await page.getByRole('link', { name: 'Sign in with Contoso' }).click();

    // The provider's own sign-in form.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill('u-alice-7f3');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.waitForURL(`${publicUrl}/`);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect((await heading.textContent())?.trim()).to.equal('Hello, Alice Liddell');
    await screenshot(page, 'oidc-signed-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    // RP-initiated logout: the provider asks to confirm, then sends the browser back to Warble's sign-in page.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${publicUrl}/login`);
    await page.goto(`${publicUrl}/`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await context.close();
  });
});
