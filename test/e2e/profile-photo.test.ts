import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** A 900×300 PNG in three thirds: red, green, blue. The cropper starts on the centred (green) square. */
function threeThirds(): Promise<Buffer> {
  const third = (r: number, g: number, b: number) => sharp({ create: { width: 300, height: 300, channels: 3, background: { r, g, b } } }).png().toBuffer();
  return Promise.all([third(255, 0, 0), third(0, 255, 0), third(0, 0, 255)]).then(([red, green, blue]) =>
    sharp({ create: { width: 900, height: 300, channels: 3, background: '#000000' } })
      .composite([
        { input: red, left: 0, top: 0 },
        { input: green, left: 300, top: 0 },
        { input: blue, left: 600, top: 0 },
      ])
      .png()
      .toBuffer(),
  );
}

/** The photo cropper in a real Chromium, under the production CSP. */
describe('profile photo cropping in a real browser', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  before(async () => {
    server = await startTestServer();
    // An administrator exists, so the set-up page is done with.
    await server.running.container.localUsers.create({ username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery', isAdmin: true });
    await server.running.container.localUsers.create({ username: 'bob', displayName: 'Bob Builder', password: 'bobs secret words' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('User name or email').fill('bob');
    await page.getByLabel('Password', { exact: true }).fill('bobs secret words');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('moving the square to the right third saves exactly that third as a square photo', async () => {
    await page.goto(`${server.url}/settings/profile`);
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'thirds.png', mimeType: 'image/png', buffer: await threeThirds() });
    const face = page.locator('.cropper-face');
    await face.waitFor();
    // The cropper opens on the largest centred square: the green third.
    await page.waitForFunction(() => (document.querySelector('input[name="cropSize"]') as HTMLInputElement).value !== '');
    const cropField = (name: string) => page.locator(`input[name="${name}"]`).inputValue().then(Number);
    expect(await cropField('cropX')).to.be.closeTo(300, 2);
    expect(await cropField('cropSize')).to.be.closeTo(300, 2);

    const box = (await face.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 600, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    expect(await cropField('cropX')).to.be.closeTo(600, 2);
    expect(await cropField('cropY')).to.equal(0);
    await screenshot(page, 'profile-photo-crop-en');

    // Waiting starts before the click: a fast redirect can otherwise land before the wait begins.
    await Promise.all([page.waitForURL(`${server.url}/settings/profile?saved=1`), page.getByRole('button', { name: 'Save photo' }).click()]);
    const src = await page.getByTestId('current-photo').getAttribute('src');
    expect(src).to.match(/^\/avatars\/[0-9A-Z]{26}\?v=[0-9a-f]+$/);
    const photo = await page.request.get(`${server.url}${src}`);
    expect(photo.headers()['content-type']).to.equal('image/jpeg');
    const { data, info } = await sharp(await photo.body()).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).to.equal(info.height);
    expect(info.width).to.be.closeTo(300, 2);
    for (const [x, y] of [[3, 3], [info.width - 4, info.height - 4], [info.width >> 1, info.height >> 1]] as const) {
      const at = (y * info.width + x) * info.channels;
      expect([data[at]! < 40, data[at + 1]! < 40, data[at + 2]! > 210], `pixel ${x},${y} is blue`).to.deep.equal([true, true, true]);
    }
    expect(cspViolations).to.deep.equal([]);
  });
});
