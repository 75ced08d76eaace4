import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { freePort } from '../helpers/warble-process.js';

/** Acceptance (issue 15): an administrator invites a colleague from the People page; the colleague joins from the mail. */
describe('an invitation in a real browser', function () {
  this.timeout(90_000);
  let server: TestServer;
  let receiver: SmtpReceiver;
  let browser: Browser;

  before(async () => {
    receiver = await SmtpReceiver.start();
    // The mailed link must point at this very server: a fixed port, named as the public address.
    const port = await freePort();
    server = await startTestServer({ ...receiver.env(), WARBLE_PORT: String(port), WARBLE_PUBLIC_URL: `http://127.0.0.1:${port}` });
    await server.running.container.localUsers.create({ username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery', isAdmin: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.stop();
  });

  async function signIn(page: Page, login: string, password: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('User name or email').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('the admin invites, the invitee opens the mailed link, chooses a name and password, and is signed in', async () => {
    const adminContext = await browser.newContext({ locale: 'en-GB' });
    const admin = await adminContext.newPage();
    await signIn(admin, 'ada', 'correct horse battery');
    await admin.goto(`${server.url}/admin/users`);
    const invitations = admin.getByTestId('invitations');
    await invitations.getByLabel('Email').fill('dora@example.com');
    await invitations.getByLabel('Display name').fill('Dora Explorer');
    await invitations.getByRole('button', { name: 'Send invitation' }).click();
    expect(await admin.getByRole('status').textContent()).to.include('Invitation sent to dora@example.com.');
    await admin.getByTestId('invitation-dora@example.com').waitFor();
    await screenshot(admin, 'invitation-sent-en');

    const mail = receiver.to('dora@example.com')[0];
    const link = /(http:\/\/127\.0\.0\.1:\d+\/invite\?token=[A-Za-z0-9_-]+)/.exec(mail?.parsed.text ?? '')?.[1];
    expect(link, 'invitation link in the mail').to.be.a('string');

    const inviteeContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
    const invitee = await inviteeContext.newPage();
    await invitee.goto(link!);
    expect(await invitee.getByRole('heading', { level: 1 }).textContent()).to.include('Rejoindre');
    expect(await invitee.getByLabel('Nom affiché').inputValue()).to.equal('Dora Explorer');
    await invitee.getByLabel('Nom d’utilisateur').fill('dora');
    await invitee.getByLabel('Mot de passe', { exact: true }).fill('doras long password');
    await invitee.getByLabel('Confirmer le mot de passe').fill('doras long password');
    await screenshot(invitee, 'invitation-accept-fr-phone');
    await invitee.getByRole('button', { name: 'Créer mon compte' }).click();
    await invitee.getByRole('heading', { level: 1 }).waitFor();
    expect((await invitee.getByRole('heading', { level: 1 }).textContent())?.trim()).to.equal('Bonjour, Dora Explorer');

    // The link was single-use.
    const again = await inviteeContext.newPage();
    const response = await again.goto(link!);
    expect(response?.status()).to.equal(410);
    await admin.goto(`${server.url}/admin/users`);
    expect(await admin.getByTestId('invitation-dora@example.com').count()).to.equal(0);
    await adminContext.close();
    await inviteeContext.close();
  });
});
