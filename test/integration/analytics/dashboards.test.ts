import { expect } from 'chai';
import { createGroup } from '../../helpers/post-fixtures.js';
import { MEMBER } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { startAnalyticsWorld, type AnalyticsWorld } from './analytics-world.js';

// A Monday evening in UTC, which is already Tuesday morning in Tokyo.
const LIKED_AT = new Date('2026-11-16T23:30:00Z');
const RANGE = 'from=2026-11-10&to=2026-11-20';

describe('analytics: dashboards', function () {
  this.timeout(60_000);
  let world: AnalyticsWorld;
  let postId: string;
  let groupSlug: string;
  let privateSlug: string;

  before(async () => {
    world = await startAnalyticsWorld();
    const { models, analytics } = world.testApp.container;
    const groupId = await createGroup(models, {
      name: 'Sales Team',
      visibility: 'public',
      members: [{ userId: world.ids.bob, role: 'owner' }, { userId: world.ids.carol }],
    });
    groupSlug = (await models.Group.findByPk(groupId))!.slug;
    const privateId = await createGroup(models, { name: 'Hidden Board', visibility: 'private', members: [{ userId: world.ids.ada, role: 'owner' }] });
    privateSlug = (await models.Group.findByPk(privateId))!.slug;
    postId = (await world.api.bob.post('/api/v1/statuses', { status: 'Pipeline review <b>tomorrow</b>', group_id: groupId }).expect(200)).body.id;
    await models.Post.update({ createdAt: new Date('2026-11-16T09:00:00Z') }, { where: { id: postId }, silent: true });
    await world.api.carol.post(`/api/v1/statuses/${postId}/favourite`).expect(200);
    await world.likeAt(postId, world.ids.carol, LIKED_AT);
    // Bob's own like of his post is not engagement.
    await world.api.bob.post(`/api/v1/statuses/${postId}/favourite`).expect(200);
    await world.likeAt(postId, world.ids.bob, LIKED_AT);
    analytics.impressions!.record(world.ids.carol, [{ postId, authorId: world.ids.bob }], LIKED_AT);
    analytics.impressions!.record(world.ids.dave, [{ postId, authorId: world.ids.bob }], new Date('2026-11-17T10:15:00Z'));
    await analytics.impressions!.flush();
  });
  after(() => world?.close());

  it('shows a person’s figures and the best hour to post, bucketed in UTC by default', async () => {
    const page = await world.web.bob.get(`/analytics?${RANGE}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/data-figure="impressions">2</);
    expect(page.text).to.match(/data-figure="likes">1</);
    expect(page.text).to.match(/data-figure="rate">50%</);
    expect(page.text).to.include('Best time to post: Monday 23:00–00:00');
    expect(page.text).to.include('<svg class="chart chart-heat"');
  });

  it('buckets the heat map in the person’s own time zone (Asia/Tokyo)', async () => {
    const utc = await world.web.bob.get(`/analytics/heatmap.csv?${RANGE}`);
    expect(utc.text).to.include('mon,23,2\n');
    const saved = await world.web.bob.submit('/settings', '/settings/time-zone', { timeZone: 'Asia/Tokyo' });
    expect(saved.status).to.equal(302);
    expect((await world.web.bob.get('/settings')).text).to.include('<option value="Asia/Tokyo" selected>');
    const tokyo = await world.web.bob.get(`/analytics/heatmap.csv?${RANGE}`);
    expect(tokyo.headers['content-type']).to.match(/^text\/csv/);
    expect(tokyo.text).to.include('tue,8,2\n');
    expect(tokyo.text).to.include('tue,19,1\n');
    expect(tokyo.text).not.to.include('mon,23,2');
    expect((await world.web.bob.get(`/analytics?${RANGE}`)).text).to.include('Best time to post: Tuesday 08:00–09:00');
    await world.web.bob.submit('/settings', '/settings/time-zone', { timeZone: '' });
  });

  it('speaks French to a French reader', async () => {
    const bobFr = new WebClient(world.testApp, 'fr');
    expect((await bobFr.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    const page = await bobFr.get(`/analytics?${RANGE}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Meilleur moment pour publier : lundi 23:00–00:00');
  });

  it('refuses a time zone that does not exist', async () => {
    const refused = await world.web.bob.submit('/settings', '/settings/time-zone', { timeZone: 'Mars/Olympus_Mons' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('Choose a time zone from the list.');
  });

  it('exports the per-day figures of the range as CSV', async () => {
    const csv = await world.web.bob.get(`/analytics/daily.csv?${RANGE}`);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-disposition']).to.include('analytics-daily-2026-11-10-2026-11-20.csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).to.equal('day,posts,impressions,engagements,follows');
    expect(lines).to.have.length(12);
    expect(lines).to.include('2026-11-16,1,1,1,0');
    expect(lines).to.include('2026-11-17,0,1,0,0');
    expect(lines).to.include('2026-11-10,0,0,0,0');
  });

  it('answers bad or too long ranges with a form error, never a 500', async () => {
    const bad = await world.web.bob.get('/analytics?from=2026-02-30&to=soon');
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('Enter a date as YYYY-MM-DD.');
    const long = await world.web.bob.get('/analytics?from=2020-01-01&to=2026-01-01');
    expect(long.status).to.equal(422);
    expect(long.text).to.include('Choose at most 366 days.');
    expect((await world.web.bob.get('/analytics?from=2026-11-20&to=2026-11-10')).status).to.equal(422);
    expect((await world.web.bob.get('/analytics/daily.csv?from=nope')).status).to.equal(422);
  });

  it('shows a group’s analytics to its admins only', async () => {
    const owner = await world.web.bob.get(`/groups/${groupSlug}/analytics?${RANGE}`);
    expect(owner.status).to.equal(200);
    expect(owner.text).to.include('Analytics: Sales Team');
    expect(owner.text).to.include('Best time to post: Monday 23:00–00:00');
    expect(owner.text).to.include('Pipeline review &lt;b&gt;tomorrow&lt;/b&gt;');
    expect((await world.web.carol.get(`/groups/${groupSlug}/analytics`)).status).to.equal(403);
    expect((await world.web.carol.get(`/groups/${groupSlug}/analytics/daily.csv`)).status).to.equal(403);
    expect((await world.web.dave.get(`/groups/${groupSlug}/analytics`)).status).to.equal(403);
    // A private group the viewer may not know about is a 404, not a 403.
    expect((await world.web.bob.get(`/groups/${privateSlug}/analytics`)).status).to.equal(404);
    expect((await world.web.bob.get('/groups/no-such-group/analytics')).status).to.equal(404);
  });

  it('shows the company’s analytics to administrators only', async () => {
    const admin = await world.web.ada.get(`/admin/analytics?${RANGE}`);
    expect(admin.status).to.equal(200);
    expect(admin.text).to.match(/data-figure="impressions">2</);
    expect((await world.web.bob.get('/admin/analytics')).status).to.equal(403);
    expect((await world.web.bob.get('/admin/analytics/heatmap.csv')).status).to.equal(403);
  });
});
