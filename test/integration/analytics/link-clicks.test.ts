import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startAnalyticsWorld, type AnalyticsWorld } from './analytics-world.js';

const LINK = 'https://intranet.example.com/handbook?part=2&lang=en';

describe('analytics: link clicks through the counting redirect', function () {
  this.timeout(60_000);
  let world: AnalyticsWorld;
  let postId: string;
  let privateId: string;

  before(async () => {
    world = await startAnalyticsWorld();
    postId = (await world.api.ada.post('/api/v1/statuses', { status: `Read the handbook: ${LINK}` }).expect(200)).body.id;
    const group = await createGroup(world.testApp.container.models, {
      name: 'Board',
      visibility: 'private',
      members: [{ userId: world.ids.ada, role: 'owner' }],
    });
    privateId = (await world.api.ada.post('/api/v1/statuses', { status: `Board pack: ${LINK}`, group_id: group }).expect(200)).body.id;
  });
  after(() => world?.close());

  const clicks = () =>
    world.testApp.container.sequelize.query<{ post_id: string; user_id: string; url: string }>('SELECT post_id, user_id, url FROM link_clicks', {
      type: QueryTypes.SELECT,
    });
  const go = (id: string, url: string) => `/go/${id}?u=${encodeURIComponent(url)}`;

  it('rewrites a post’s links on web pages, and leaves the API content untouched', async () => {
    const page = await world.web.bob.get('/company');
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`href="/go/${postId}?u=${encodeURIComponent(LINK).replace(/&/g, '&amp;')}"`);
    const api = await world.api.bob.get(`/api/v1/statuses/${postId}`).expect(200);
    expect(api.body.content).to.include(`href="${LINK.replace(/&/g, '&amp;')}"`);
    expect(api.body.content).not.to.include('/go/');
  });

  it('counts a click and redirects to the link in the post', async () => {
    const response = await world.web.bob.get(go(postId, LINK));
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal(LINK);
    expect(await clicks()).to.deep.equal([{ post_id: postId, user_id: world.ids.bob, url: LINK }]);
  });

  it('refuses a URL that is not in the post (no open redirect), without counting', async () => {
    for (const url of ['https://evil.example.net/', 'https://intranet.example.com/handbook', 'javascript:alert(1)', '//evil.example.net', '']) {
      const response = await world.web.bob.get(go(postId, url));
      expect(response.status, url).to.equal(404);
      expect(response.headers.location, url).to.equal(undefined);
    }
    expect((await world.web.bob.get(`/go/not-an-id?u=${encodeURIComponent(LINK)}`)).status).to.equal(404);
    expect(await clicks()).to.have.length(1);
  });

  it('refuses a post the viewer may not see (a private group’s), exactly like a missing one', async () => {
    expect((await world.web.bob.get(go(privateId, LINK))).status).to.equal(404);
    expect((await world.web.ada.get(go(privateId, LINK))).status).to.equal(302);
    expect((await clicks()).map((row) => row.user_id)).to.deep.equal([world.ids.bob, world.ids.ada]);
  });
});
