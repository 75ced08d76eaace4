import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * The microblog in a real browser: one Chromium, a context per person,
 * against a real server on a throwaway database. Screenshots of the main
 * pages in English (desktop) and French (360 px phone) go to .test-artifacts/.
 */
describe('the web experience in a real browser', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let ada: Page; // English, desktop
  let bob: Page; // English, desktop, the second person watching live
  let claire: Page; // French, phone
  let contexts: BrowserContext[] = [];
  let privateGroupSlug = '';
  const external: string[] = [];

  async function open(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('ws://127.0.0.1')) external.push(url);
    });
    return page;
  }

  async function signIn(page: Page, login: string, password: string, labels = { login: 'User name or email', password: 'Password', submit: 'Sign in' }) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(labels.login).fill(login);
    await page.getByLabel(labels.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL(`${server.url}/`);
  }

  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  before(async () => {
    server = await startTestServer();
    const { container } = server.running;
    await container.localUsers.create({ username: 'ada', displayName: 'Ada Lovelace', password: 'correct horse battery', isAdmin: true });
    const bobUser = await container.localUsers.create({ username: 'bob', displayName: 'Bob Builder', password: 'bobs secret words' });
    await container.localUsers.create({ username: 'claire', displayName: 'Claire Dupont', password: 'mot de passe secret' });
    const adaUser = (await container.users.findByUsername('ada'))!;
    await container.core.groupCreate.create(adaUser.id, { name: 'Design team', description: 'Pixels and type', visibility: 'public' });
    const secret = await container.core.groupCreate.create(adaUser.id, { name: 'Board room', description: 'Confidential', visibility: 'private' });
    privateGroupSlug = secret.group.slug;
    await container.core.follows.follow(bobUser, adaUser.id);
    browser = await launchBrowser();
    ada = await open({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    bob = await open({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    claire = await open({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
    const probe = await fetch(`${server.url}/socket.io/socket.io.min.js`);
    expect(probe.ok, 'Warble serves the Socket.IO client itself').to.equal(true);
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts = [];
    await browser?.close();
    await server?.close();
  });

  it('signs in, and a post with a mention and a hashtag appears live for a colleague', async () => {
    await signIn(ada, 'ada', 'correct horse battery');
    await signIn(bob, 'bob', 'bobs secret words');
    await bob.goto(`${server.url}/`);
    await screenshot(ada, 'web-home-empty-en');

    await ada.getByLabel('What’s happening?').fill('Launch review at 3 pm, @bob please bring the #launch checklist');
    expect(await ada.locator('[data-remaining]').textContent()).to.equal(String(500 - 'Launch review at 3 pm, @bob please bring the #launch checklist'.length));
    await ada.getByRole('button', { name: 'Post', exact: true }).click();
    await ada.getByText('Launch review at 3 pm').waitFor();
    const mention = ada.locator('.post-content a', { hasText: 'bob' }).first();
    expect(await mention.getAttribute('href')).to.match(/\/@bob$/);
    expect(await ada.locator('.post-content a', { hasText: 'launch' }).first().getAttribute('href')).to.match(/\/tags\/launch$/);

    // No reload: the post and the notification badge arrive live.
    const urlBefore = bob.url();
    await bob.getByText('Launch review at 3 pm').waitFor({ timeout: 10_000 });
    await bob.locator('.badge:not([hidden])').waitFor({ timeout: 10_000 });
    expect(bob.url()).to.equal(urlBefore);
    await screenshot(bob, 'web-home-en');
  });

  it('replies, opens the thread and likes', async () => {
    await bob.locator('.post', { hasText: 'Launch review' }).locator('.post-time').click();
    await bob.waitForURL(/\/@ada\/[0-9A-Z]{26}$/);
    expect(await bob.getByLabel('Your reply').inputValue()).to.equal('@ada ');
    await bob.getByLabel('Your reply').fill('@ada checklist is ready');
    await bob.getByRole('button', { name: 'Reply', exact: true }).click();
    await bob.locator('.thread-replies').getByText('checklist is ready').waitFor();

    const focus = bob.locator('.post-focus');
    await focus.getByRole('button', { name: /Like/ }).click();
    await focus.locator('button[aria-pressed="true"]').first().waitFor();
    expect(await bob.locator('.post-focus [data-count="favourites"]').textContent()).to.equal('1');
    expect(await bob.locator('.post-focus [data-count="replies"]').textContent()).to.equal('1');
    await screenshot(bob, 'web-thread-en');
  });

  it('sends a private message', async () => {
    await ada.goto(`${server.url}/messages`);
    await ada.getByLabel('To', { exact: true }).fill('@bob');
    await ada.getByLabel('What’s happening?').fill('Can we move the review to 4 pm?');
    await ada.getByRole('button', { name: 'Send' }).click();
    await ada.waitForURL(`${server.url}/messages`);
    await bob.goto(`${server.url}/messages`);
    await bob.getByText('Can we move the review to 4 pm?').waitFor();
    await screenshot(bob, 'web-messages-en');
  });

  it('joins a group; a non-member gets 404 for a private group', async () => {
    await bob.goto(`${server.url}/groups`);
    await screenshot(bob, 'web-groups-en');
    await bob.getByRole('link', { name: 'Design team' }).click();
    await bob.getByRole('button', { name: 'Join' }).click();
    await bob.getByRole('button', { name: 'Leave group' }).waitFor();
    await bob.getByLabel('What’s happening?').fill('Hello design team!');
    await bob.getByRole('button', { name: 'Post', exact: true }).click();
    await bob.getByText('Hello design team!').waitFor();
    await screenshot(bob, 'web-group-en');

    const response = await bob.goto(`${server.url}/groups/${privateGroupSlug}`);
    expect(response?.status()).to.equal(404);
    expect(await bob.getByText('Board room').count()).to.equal(0);

    await bob.goto(`${server.url}/@ada`);
    await screenshot(bob, 'web-profile-en');
    await bob.goto(`${server.url}/notifications`);
    await screenshot(bob, 'web-notifications-en');
    await ada.goto(`${server.url}/admin`);
    await screenshot(ada, 'web-admin-en');
  });

  it('the same flows in French, on a 360 px phone', async () => {
    await signIn(claire, 'claire', 'mot de passe secret', { login: 'Nom d’utilisateur ou courriel', password: 'Mot de passe', submit: 'Se connecter' });
    expect(await claire.getAttribute('html', 'lang')).to.equal('fr');
    await claire.getByLabel('Quoi de neuf ?').fill('Bonjour @ada, la #launch avance bien');
    await claire.getByRole('button', { name: 'Publier', exact: true }).click();
    await claire.getByText('la', { exact: false }).first().waitFor();
    await claire.goto(`${server.url}/company`);
    const post = claire.locator('.post', { hasText: 'Launch review' });
    expect(await post.locator('time').textContent()).to.match(/^(maintenant|il y a \d+ (s|min))/);
    await post.getByRole('button', { name: /J’aime/ }).click();
    await post.locator('.like[aria-pressed="true"]').waitFor();
    expect(await noHorizontalScroll(claire), 'no horizontal scrolling at 360 px').to.equal(true);
    await screenshot(claire, 'web-company-fr-phone');

    await post.locator('.post-time').click();
    await claire.getByLabel('Votre réponse').fill('@ada merci !');
    await claire.getByRole('button', { name: 'Répondre', exact: true }).click();
    await claire.locator('.thread-replies').getByText('merci').waitFor();
    await screenshot(claire, 'web-thread-fr-phone');

    await claire.goto(`${server.url}/messages`);
    await claire.getByLabel('À', { exact: true }).fill('ada');
    await claire.getByLabel('Quoi de neuf ?').fill('Un message privé pour Ada');
    await claire.getByRole('button', { name: 'Envoyer' }).click();
    await claire.getByText('Un message privé pour Ada').waitFor();

    await claire.goto(`${server.url}/groups`);
    await claire.getByRole('link', { name: 'Design team' }).click();
    await claire.getByRole('button', { name: 'Rejoindre' }).click();
    await claire.getByRole('button', { name: 'Quitter le groupe' }).waitFor();
    expect(await noHorizontalScroll(claire)).to.equal(true);
    await screenshot(claire, 'web-group-fr-phone');
    const hidden = await claire.goto(`${server.url}/groups/${privateGroupSlug}`);
    expect(hidden?.status()).to.equal(404);

    for (const [path, name] of [['/', 'web-home-fr-phone'], ['/notifications', 'web-notifications-fr-phone'], ['/@ada', 'web-profile-fr-phone'], ['/settings', 'web-settings-fr-phone']] as const) {
      await claire.goto(`${server.url}${path}`);
      expect(await noHorizontalScroll(claire), path).to.equal(true);
      await screenshot(claire, name);
    }
    // A French desktop view too.
    await claire.setViewportSize({ width: 1280, height: 900 });
    await claire.goto(`${server.url}/`);
    await screenshot(claire, 'web-home-fr');
  });

  it('signs in and posts with JavaScript off, and shows a field error next to the field', async () => {
    const page = await open({ locale: 'en-GB', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await signIn(page, 'bob', 'bobs secret words');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    expect(await page.locator('#status-error').textContent()).to.equal('Write something first.');
    expect(await page.getByLabel('What’s happening?').getAttribute('aria-invalid')).to.equal('true');
    await screenshot(page, 'web-compose-error-en-phone');
    await page.getByLabel('What’s happening?').fill('Posted without JavaScript #nojs');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.getByText('Posted without JavaScript').waitFor();
    const post = page.locator('.post', { hasText: 'Posted without JavaScript' });
    await post.getByRole('button', { name: /Like/ }).click();
    await page.locator('.post', { hasText: 'Posted without JavaScript' }).locator('.like[aria-pressed="true"]').waitFor();
  });

  it('keyboard: the skip link is first and focus is visible', async () => {
    await ada.goto(`${server.url}/`);
    await ada.keyboard.press('Tab');
    expect(await ada.evaluate(() => document.activeElement?.textContent?.trim())).to.equal('Skip to content');
    const outline = await ada.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).to.equal('solid');
    expect(external, 'requests leaving Warble').to.deep.equal([]);
  });
});
