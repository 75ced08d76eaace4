/**
 * The world the hostile-input test runs in: a listening Warble (HTTP, Socket.IO
 * and Mastodon streaming, as main.ts serves them) with bundled plugins, a
 * body limit above 1 MB so over-long strings reach the handlers, people,
 * groups, posts and an upload whose ids the generators can aim at, and the
 * three kinds of caller: an administrator's session, a member's bearer token
 * and nobody.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { newId } from '../../../server/domain/ids.js';
import { attachRealtime, type Realtime } from '../../../server/realtime/socket-server.js';
import { ADMIN, MEMBER } from '../../helpers/test-app.js';
import { configFile } from '../plugins/plugin-world.js';
import { startPostsWorld, createGroup, post, type PostsWorld } from '../posts/posts-world.js';
import { RawClient } from './raw-client.js';
import type { WorldValues } from './hostile-values.js';

export const WEBHOOK_TOKEN = 'hostile-input-token-0123456789abcdef';

export interface HostileWorld {
  posts: PostsWorld;
  origin: URL;
  values: WorldValues;
  /** A body most routes accept, for requests that change one field of it: they get past the first check. */
  plausible: Record<string, unknown>;
  memberToken: string;
  /** A signed-in administrator's client and its CSRF token; a new sign-in once a generated POST /logout ended it. */
  adminSession(): Promise<{ client: RawClient; csrf: string }>;
  anonymous(): RawClient;
  close(): Promise<void>;
}

async function listen(world: PostsWorld): Promise<{ server: http.Server; realtime: Realtime; origin: URL }> {
  const server = http.createServer(world.testApp.callback);
  let origin = new URL('http://127.0.0.1/');
  const realtime = await attachRealtime(server, world.testApp.container, () => origin.origin);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { server, realtime, origin };
}

async function bearerToken(origin: URL, login: string, password: string): Promise<string> {
  const client = new RawClient(origin);
  await client.signIn(login, password);
  const csrf = await client.csrfToken('/settings/tokens');
  const body = Buffer.from(new URLSearchParams([['_csrf', csrf], ['name', 'hostile'], ['scopes', 'read'], ['scopes', 'write'], ['scopes', 'follow']]).toString());
  const page = await client.send({ method: 'POST', target: '/settings/tokens', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body });
  const token = /id="new-token"[^>]*>([^<]+)</.exec(page.text)?.[1];
  if (!token) throw new Error(`no token created (${page.status})`);
  return token;
}

export async function startHostileWorld(): Promise<HostileWorld> {
  const config = configFile({
    plugins: {
      enabled: ['keyword-guard', 'ticket-links', 'webhooks', 'team-prompt'],
      'keyword-guard': { patterns: ['project\\s+falcon'], cardNumbers: true },
      'ticket-links': { url: 'https://tracker.example.com/browse/{key}', projects: ['OPS'] },
      webhooks: { incoming: [{ name: 'ci', group: 'ops', token: WEBHOOK_TOKEN }] },
    },
  });
  const posts = await startPostsWorld({ WARBLE_CONFIG: config, WARBLE_HTTP_BODY_LIMIT_KB: '2048' });
  const { testApp, ids } = posts;
  await testApp.container.models.Group.create({ id: newId(), slug: 'ops', name: 'Operations', visibility: 'public', directoryDn: null });
  const publicGroup = await createGroup(testApp, 'public', [ids.bob, ids.carol]);
  const privateGroup = await createGroup(testApp, 'private', [ids.carol]);
  const bobsPost = await post(posts.bob, { status: 'hello #deploy OPS-1' });
  const groupPost = await post(posts.carol, { status: 'in the group', group_id: privateGroup });
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
  const media = (await posts.bob.upload('/api/v2/media').attach('file', image, 'x.png')).body as { id: string };
  const groups = await testApp.container.models.Group.findAll({ raw: true });
  const { server, realtime, origin } = await listen(posts);
  const memberToken = await bearerToken(origin, MEMBER.username, MEMBER.password);
  // The webhooks plugin creates its bot account on first use (docs/plugins.md); make that use part of the world, not of a test request.
  const hook = await new RawClient(origin).send({ method: 'POST', target: `/plugins/webhooks/incoming/${WEBHOOK_TOKEN}`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"text":"deployed"}') });
  if (hook.status !== 201) throw new Error(`the incoming webhook answered ${hook.status}`);

  const signIn = async () => {
    const client = new RawClient(origin);
    await client.signIn(ADMIN.username, ADMIN.password);
    return { client, csrf: await client.csrfToken() };
  };
  let session = await signIn();
  const adminSession = async () => {
    const me = await session.client.send({ method: 'GET', target: '/api/v1/accounts/verify_credentials', headers: { accept: 'application/json' } });
    if (me.status !== 200) session = await signIn();
    return session;
  };

  const userIds = Object.values(ids);
  const postIds = [bobsPost.id, groupPost.id];
  const groupIds = groups.map((group) => group.id);
  const anyId = [...userIds, ...postIds, ...groupIds, media.id];
  const values: WorldValues = {
    id: anyId,
    postId: postIds,
    userId: userIds,
    accountId: userIds,
    slug: groups.map((group) => group.slug),
    username: ['bob', 'carol', 'ada'],
    tag: ['deploy'],
    name: ['deploy', 'keyword-guard', 'webhooks'],
    hashtag: ['deploy'],
    format: ['csv', 'json'],
    token: [WEBHOOK_TOKEN],
    // By the path segment before the parameter: `/statuses/:id` takes a post id.
    'statuses/': postIds,
    'posts/': postIds,
    'accounts/': userIds,
    'users/': userIds,
    'groups/': [...groupIds, ...groups.map((group) => group.slug)],
    'media/': [media.id],
    '*': [...anyId, 'bob', 'deploy', publicGroup, privateGroup, 'public', 'private', 'direct', 'true', '20'],
  };
  const plausible = {
    status: 'plausible #deploy',
    text: 'plausible text',
    name: 'Plausible team',
    description: 'plausible description',
    display_name: 'Plausible Name',
    note: 'plausible note',
    visibility: 'public',
    audience: 'public',
    query: 'deploy',
    q: 'deploy',
    watch: 'true',
    in_reply_to_id: bobsPost.id,
    account_id: ids.carol,
    role: 'member',
    reason: 'plausible reason',
    client_name: 'Plausible client',
    redirect_uris: 'urn:ietf:wg:oauth:2.0:oob',
    scopes: 'read',
    grant_type: 'client_credentials',
    limit: '5',
    acct: 'bob',
    type: 'accounts',
  };
  return {
    posts,
    origin,
    values,
    plausible,
    memberToken,
    adminSession,
    anonymous: () => new RawClient(origin),
    close: async () => {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await posts.close();
    },
  };
}
