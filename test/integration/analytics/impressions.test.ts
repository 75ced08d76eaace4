import { expect } from 'chai';
import { startAnalyticsWorld, type AnalyticsWorld } from './analytics-world.js';

describe('analytics: impressions', function () {
  this.timeout(60_000);
  let world: AnalyticsWorld;
  before(async () => {
    world = await startAnalyticsWorld();
  });
  after(() => world?.close());

  const flush = () => world.testApp.container.analytics.impressions!.flush();
  const post = async (text: string) => (await world.api.ada.post('/api/v1/statuses', { status: text }).expect(200)).body.id as string;

  it('counts a post shown in a timeline once per viewer, and never the author’s own view', async () => {
    const id = await post('Quarterly numbers are in');
    await world.api.bob.get('/api/v1/timelines/public').expect(200);
    await world.api.bob.get('/api/v1/timelines/public').expect(200);
    await world.api.ada.get('/api/v1/timelines/public').expect(200);
    await flush();
    expect((await world.impressionsOf(id)).map((row) => row.viewer_id)).to.deep.equal([world.ids.bob]);

    await world.api.carol.get(`/api/v1/accounts/${world.ids.ada}/statuses`).expect(200);
    await flush();
    expect(await world.impressionsOf(id)).to.have.length(2);
  });

  it('counts web timeline pages too, and a repost counts for the original', async () => {
    const id = await post('The new cafeteria opens Monday');
    await world.api.carol.post(`/api/v1/statuses/${id}/reblog`).expect(200);
    expect((await world.web.dave.get(`/@carol`)).status).to.equal(200);
    expect((await world.web.dave.get('/company')).status).to.equal(200);
    expect((await world.web.ada.get('/company')).status).to.equal(200);
    await flush();
    expect((await world.impressionsOf(id)).map((row) => row.viewer_id)).to.deep.equal([world.ids.dave]);
  });

  it('writes what is still buffered when analytics closes (graceful shutdown)', async () => {
    const id = await post('Fire drill at 3pm');
    await world.api.dave.get('/api/v1/timelines/public').expect(200);
    const recorder = world.testApp.container.analytics.impressions!;
    expect(recorder.pendingCount).to.be.greaterThan(0);
    await world.testApp.container.analytics.close();
    expect(recorder.pendingCount).to.equal(0);
    expect((await world.impressionsOf(id)).map((row) => row.viewer_id)).to.deep.equal([world.ids.dave]);
  });
});

describe('analytics: impressions switched off', function () {
  this.timeout(60_000);
  let world: AnalyticsWorld;
  before(async () => {
    world = await startAnalyticsWorld({ WARBLE_ANALYTICS_IMPRESSIONS: 'false' });
  });
  after(() => world?.close());

  it('records nothing when analytics.impressions is false', async () => {
    const id = (await world.api.ada.post('/api/v1/statuses', { status: 'Nobody counts this' }).expect(200)).body.id as string;
    await world.api.bob.get('/api/v1/timelines/public').expect(200);
    expect(world.testApp.container.analytics.impressions).to.equal(null);
    expect(await world.impressionsOf(id)).to.have.length(0);
  });
});
