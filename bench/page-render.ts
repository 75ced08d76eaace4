/**
 * Server time of one timeline page with 20 posts (target: under 50 ms), and
 * its weight before images (target: under 150 KB). A small company is seeded
 * on a throwaway SQLite database (40 people, follows, two groups, 400 posts
 * with mentions, hashtags, replies and likes); each page is requested
 * sequentially, in process, so the time is the server's own work: session,
 * viewer, timeline query, hydration and Handlebars. Rendering alone (the
 * template with a ready context) is timed too.
 *
 *   npx tsx bench/page-render.ts   (BENCH_ROUNDS=200)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config/load-config.js';
import { buildContainer } from '../server/container.js';
import { createLogger } from '../server/logging/logger.js';
import { viewsDir } from '../server/paths.js';
import { viewerContext } from '../server/domain/visibility/index.js';
import { createTestDatabase } from '../test/helpers/test-database.js';
import { loadViewerContext } from '../server/services/viewer-context-loader.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const PASSWORD = 'bench password 123';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main() {
  const database = await createTestDatabase();
  const config = loadConfig({ env: { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url, WARBLE_LOG_LEVEL: 'silent' }, cwd: database.dataDir });
  const container = await buildContainer(config, createLogger('silent'), { migrate: true });
  const { core } = container;
  void viewerContext;

  // Seed: 40 people, everyone follows the first 10, two groups, 400 posts.
  const people = [];
  for (let i = 0; i < 40; i += 1) {
    people.push(await container.localUsers.create({ username: `person${i}`, displayName: `Person Number ${i}`, password: PASSWORD, isAdmin: i === 0 }));
  }
  for (const person of people) {
    for (const followee of people.slice(0, 10)) if (followee.id !== person.id) await core.follows.follow(person, followee.id);
  }
  const { group } = await core.groupCreate.create(people[0]!.id, { name: 'Platform', description: 'Infra', visibility: 'public' });
  for (const person of people.slice(1, 20)) await core.groupMembership.join(person, group.id);
  const ids: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    const author = people[i % 10]!;
    const actor = await loadViewerContext(container.models, author);
    const parent = i % 7 === 0 && ids.length > 0 ? ids[ids.length - 1] : undefined;
    const id = await core.posts.create.create(actor, {
      text: `Update ${i} from @person${(i + 3) % 40} about #topic${i % 5} with a link https://example.com/${i} and more words to make it a realistic length post`,
      inReplyToId: parent,
      ...(i % 9 === 0 && !parent ? { visibility: 'private', groupId: group.id } : {}),
    });
    ids.push(id);
    if (i % 3 === 0) await core.posts.likes.like(await loadViewerContext(container.models, people[(i + 11) % 40]!), id);
  }

  const app = createApp(container);
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jar = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  const login = await fetch(`${url}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
  const signedIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar(login), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, login: 'person15', password: PASSWORD }),
  });
  const cookie = jar(signedIn);

  const css = (await readFile(path.join(viewsDir, 'assets', 'warble.css'))).length;
  const js = (await readFile(path.join(viewsDir, 'assets', 'live.js'))).length;
  const icons = (await readFile(path.join(viewsDir, 'assets', 'icons.svg'))).length;
  const client = await fetch(`${url}/socket.io/socket.io.min.js`);
  const clientBytes = client.ok ? (await client.arrayBuffer()).byteLength : 0;

  console.log(`page render benchmark: ${rounds} sequential requests per page, 20 posts each`);
  console.log('| page | posts | p50 | p99 | mean | HTML | page weight (HTML+CSS+JS+icons+socket.io client) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const page of ['/', '/company', '/tags/topic1', `/groups/${group.slug}`, '/@person3']) {
    const times: number[] = [];
    let html = '';
    for (let i = 0; i < rounds + 10; i += 1) {
      const started = performance.now();
      const response = await fetch(`${url}${page}`, { headers: { cookie, accept: 'text/html', 'accept-language': 'fr' } });
      html = await response.text();
      if (i >= 10) times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
    }
    times.sort((a, b) => a - b);
    const posts = (html.match(/class="post[ "]/g) ?? []).length;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const weight = Buffer.byteLength(html) + css + js + icons + clientBytes;
    console.log(`| ${page} | ${posts} | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.99))} | ${ms(mean)} | ${(Buffer.byteLength(html) / 1024).toFixed(1)} KB | ${(weight / 1024).toFixed(1)} KB |`);
  }

  // Templates alone: the home page from a ready context.
  const viewer = await loadViewerContext(container.models, people[15]!);
  const page = await core.timelines.home(viewer, { limit: 20 }, '');
  const { postViews } = await import('../server/http/routes/web/web-support.js');
  const context = { lang: 'fr', instanceName: 'Warble', csrfToken: 'x'.repeat(40), viewer: { id: people[15]!.id, username: 'person15', displayName: 'P', isAdmin: false }, path: '/', here: '/', posts: postViews(page.statuses, { id: people[15]!.id, isAdmin: false }), compose: { maxLength: 500, audiences: [], errors: {} }, live: 'home' };
  const renderTimes: number[] = [];
  for (let i = 0; i < rounds + 10; i += 1) {
    const started = performance.now();
    container.renderer.render('home', context);
    if (i >= 10) renderTimes.push(performance.now() - started);
  }
  renderTimes.sort((a, b) => a - b);
  console.log(`\nHandlebars alone (home, ${page.statuses.length} posts): p50 ${ms(percentile(renderTimes, 0.5))}, p99 ${ms(percentile(renderTimes, 0.99))}`);
  console.log(`assets: warble.css ${(css / 1024).toFixed(1)} KB, live.js ${(js / 1024).toFixed(1)} KB, icons.svg ${(icons / 1024).toFixed(1)} KB, socket.io client ${client.ok ? `${(clientBytes / 1024).toFixed(1)} KB` : 'not served'}`);

  server.close();
  await container.close();
  await database.drop();
}

await main();
