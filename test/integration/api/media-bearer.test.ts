/**
 * Mastodon clients fetch the attachment URLs the API hands them with the
 * same bearer token: /media/:id accepts it (scope read:statuses), under the
 * same visibility rule as a session, and refuses with an API answer (401 or
 * 404), never a redirect to the sign-in page.
 */
import { expect } from 'chai';
import sharp from 'sharp';
import supertest from 'supertest';
import { passwordToken, registerApp } from '../../helpers/oauth.js';
import { WebClient } from '../../helpers/web-client.js';
import { CAROL, createGroup, DAVE, post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';

describe('attachments fetched with a bearer token', function () {
  this.timeout(30_000);
  let world: PostsWorld;
  /** An image posted into a private group of Bob and Carol. */
  let mediaPath: string;
  let previewPath: string;
  const tokens = new Map<string, string>();

  const tokenOf = async (who: { username: string; password: string }, scope = 'read') => {
    const key = `${who.username} ${scope}`;
    const known = tokens.get(key);
    if (known) return known;
    const token = await passwordToken(world.testApp, await registerApp(world.testApp, 'read write follow'), who.username, who.password, scope);
    tokens.set(key, token);
    return token;
  };
  const fetch = (path: string, token?: string) => {
    const request = supertest(world.testApp.callback).get(path);
    return token === undefined ? request : request.set('Authorization', `Bearer ${token}`);
  };

  before(async () => {
    world = await startPostsWorld();
    const groupId = await createGroup(world.testApp, 'private', [world.ids.bob, world.ids.carol]);
    const image = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#2266aa' } }).png().toBuffer();
    const uploaded = await world.bob.upload('/api/v2/media').attach('file', image, { filename: 'plan.png', contentType: 'image/png' }).expect(200);
    const status = await post(world.bob, { status: 'the plan', media_ids: [uploaded.body.id], group_id: groupId });
    const attachment = status.media_attachments[0] as { url: string; preview_url: string };
    mediaPath = new URL(attachment.url).pathname;
    previewPath = new URL(attachment.preview_url).pathname;
  });
  after(() => world.close());

  it('serves the original and the preview to a member with a read token, as the API URLs give them', async () => {
    const token = await tokenOf(CAROL);
    const original = await fetch(mediaPath, token).expect(200);
    expect(original.headers['content-type']).to.equal('image/png');
    expect(original.headers['cache-control']).to.equal('private, max-age=3600');
    expect((await fetch(previewPath, token).expect(200)).headers['content-type']).to.equal('image/webp');
    await fetch(mediaPath, await tokenOf(CAROL, 'read:statuses')).expect(200);
  });

  it("gives a non-member's token the same 404 as for a file that never existed", async () => {
    const token = await tokenOf(DAVE);
    const response = await fetch(mediaPath, token);
    expect(response.status).to.equal(404);
    expect((await fetch(previewPath, token)).status).to.equal(404);
    expect((await fetch('/media/01ARZ3NDEKTSV4RRFFQ69G5FAV', token)).status).to.equal(404);
  });

  it('judges a bearer request by its token alone: a member\'s session cookie adds nothing to a stranger\'s token', async () => {
    const browser = new WebClient(world.testApp);
    expect((await browser.signIn(CAROL.username, CAROL.password)).status).to.equal(302);
    await browser.agent.get(mediaPath).expect(200);
    const mixed = await browser.agent.get(mediaPath).set('Authorization', `Bearer ${await tokenOf(DAVE)}`);
    expect(mixed.status).to.equal(404);
  });

  it('answers 401, not a redirect, for an unknown or revoked token', async () => {
    const unknown = await fetch(mediaPath, 'not-a-token');
    expect(unknown.status).to.equal(401);
    expect(unknown.headers['www-authenticate']).to.match(/^Bearer error="invalid_token"/);

    const token = await passwordToken(world.testApp, await registerApp(world.testApp, 'read'), CAROL.username, CAROL.password, 'read');
    await fetch(mediaPath, token).expect(200);
    const record = await world.testApp.container.tokens.findByToken(token);
    await world.testApp.container.tokens.revokeById(record!.id);
    const revoked = await fetch(mediaPath, token);
    expect(revoked.status).to.equal(401);
    expect(revoked.headers.location).to.equal(undefined);
  });

  it('refuses a token without a read scope for statuses (403) and an app token with no person (401)', async () => {
    expect((await fetch(mediaPath, await tokenOf(CAROL, 'read:accounts'))).status).to.equal(403);
    expect((await fetch(mediaPath, await tokenOf(CAROL, 'write'))).status).to.equal(403);
    const app = await registerApp(world.testApp, 'read');
    const appToken = await supertest(world.testApp.callback)
      .post('/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read' })
      .expect(200);
    const response = await fetch(mediaPath, appToken.body.access_token as string);
    expect(response.status).to.equal(401);
    expect(response.headers.location).to.equal(undefined);
  });

  it('still sends a browser without a session to the sign-in page', async () => {
    const response = await fetch(mediaPath).set('Accept', 'text/html');
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal(`/login?returnTo=${encodeURIComponent(mediaPath)}`);
  });
});
