import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * The acceptance, tried as new users would in a real browser: HR (the
 * communications role) posts an announcement to everyone; an employee sees
 * it pinned on their home page (it arrives live), clicks "Acknowledge" and
 * it goes away; HR's open figures page shows the acknowledged count climb
 * without a reload.
 */
describe('announcements in a real browser', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let hr: Page;
  let bob: Page;
  let claire: Page;
  const contexts: BrowserContext[] = [];

  async function open(locale: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(page: Page, login: string, password: string, labels = { login: 'User name or email', password: 'Password', submit: 'Sign in' }) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(labels.login).fill(login);
    await page.getByLabel(labels.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL(`${server.url}/`);
  }

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"]`).textContent();

  before(async () => {
    server = await startTestServer();
    const { container } = server.running;
    await container.localUsers.create({ username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery', isAdmin: true });
    const hanna = await container.localUsers.create({ username: 'hanna', displayName: 'Hanna HR', password: 'people matter most' });
    await hanna.update({ isCommunicator: true });
    await container.localUsers.create({ username: 'bob', displayName: 'Bob Builder', password: 'bobs secret words' });
    await container.localUsers.create({ username: 'claire', displayName: 'Claire Dupont', password: 'mot de passe secret' });
    browser = await launchBrowser();
    hr = await open('en-GB');
    bob = await open('en-GB');
    claire = await open('fr-FR', { width: 360, height: 740 });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('HR posts to everyone; an employee acknowledges it; HR watches the count climb live', async () => {
    await signIn(hr, 'hanna', 'people matter most');
    await signIn(bob, 'bob', 'bobs secret words');
    await signIn(claire, 'claire', 'mot de passe secret', { login: 'Nom d’utilisateur ou courriel', password: 'Mot de passe', submit: 'Se connecter' });
    // Bob is already reading his home page when the announcement goes out.
    await bob.goto(`${server.url}/`);
    await bob.waitForFunction(() => (window as unknown as { warbleLive?: { connected: boolean } }).warbleLive?.connected === true);

    await hr.getByRole('link', { name: 'Announcements' }).click();
    await hr.getByLabel('Text').fill('Open enrolment for health insurance ends Friday. Questions: #benefits');
    await hr.getByLabel('Everyone').check();
    await hr.getByRole('button', { name: 'Publish announcement' }).click();
    await hr.waitForURL(/\/announcements\/[0-9A-Z]{26}\?published=1$/);
    const id = /\/announcements\/([0-9A-Z]{26})/.exec(hr.url())![1]!;
    expect(await figure(hr, 'delivered')).to.equal('4');
    expect(await figure(hr, 'acknowledged')).to.equal('0');
    // Wait until HR's page follows the figures (joining twice is harmless) so no change is missed.
    const subscribed = await hr.evaluate(
      async (stream) => {
        const socket = (window as unknown as { warbleLive: { connected: boolean; timeout(ms: number): { emitWithAck(event: string, body: unknown): Promise<{ ok: boolean }> } } }).warbleLive;
        for (let i = 0; i < 100 && !socket.connected; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        return (await socket.timeout(5000).emitWithAck('subscribe', { stream })).ok;
      },
      `announcement:${id}`,
    );
    expect(subscribed).to.equal(true);
    await hr.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // It arrived live, pinned above Bob's timeline.
    const pinned = bob.locator(`[data-announcement-id="${id}"]`);
    await pinned.getByText('Open enrolment for health insurance').waitFor();
    await screenshot(bob, 'announcement-pinned-en');

    // Claire (French, phone) sees it pinned on her home page too.
    await claire.goto(`${server.url}/`);
    await claire.locator(`[data-announcement-id="${id}"]`).getByRole('button', { name: 'J’ai pris connaissance' }).waitFor();
    await screenshot(claire, 'announcement-pinned-fr-phone');

    await pinned.getByRole('button', { name: 'Acknowledge' }).click();
    await pinned.waitFor({ state: 'detached' });
    await hr.waitForFunction(() => document.querySelector('[data-figure="acknowledged"]')?.textContent === '1');
    expect(await hr.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).to.equal(true);
    expect(await figure(hr, 'seen')).to.equal('2');
    expect(await figure(hr, 'pending')).to.equal('3');
    // Bob leaves the list of who has not acknowledged, without a reload.
    await hr.locator('tr[data-person]', { hasText: '@bob' }).waitFor({ state: 'detached' });
    expect(await hr.locator('tr[data-person]').count()).to.equal(3);
    await screenshot(hr, 'announcement-figures-en');

    // Gone for Bob for good, still pinned for Claire until she acknowledges.
    await bob.reload();
    expect(await bob.locator(`[data-announcement-id="${id}"]`).count()).to.equal(0);
    await claire.reload();
    expect(await claire.locator(`[data-announcement-id="${id}"]`).count()).to.equal(1);
  });
});
