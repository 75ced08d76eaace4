import { expect } from 'chai';
import { startAnalyticsWorld, type AnalyticsWorld } from './analytics-world.js';

describe('analytics: keyword watch', function () {
  this.timeout(60_000);
  let world: AnalyticsWorld;
  before(async () => {
    world = await startAnalyticsWorld();
  });
  after(() => world?.close());

  it('charts each watched keyword’s mentions per day, with a hostile keyword escaped', async () => {
    const { search } = world.testApp.container;
    await search.savedSearches.create(world.ids.bob, { query: 'falcon', watch: true });
    await search.savedSearches.create(world.ids.bob, { query: '"<script>alert(1)</script>', watch: true });
    await search.savedSearches.create(world.ids.bob, { query: 'unwatched', watch: false });
    await world.api.ada.post('/api/v1/statuses', { status: 'Project falcon ships today' }).expect(200);
    await world.api.carol.post('/api/v1/statuses', { status: 'falcon retro on Friday' }).expect(200);

    const page = await world.web.bob.get('/analytics');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Posts mentioning “falcon” per day');
    expect(page.text).to.match(/<h3>falcon <span class="muted">2 mentions<\/span><\/h3>/);
    expect(page.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.to.include('<script>alert(1)</script>');
    expect(page.text).not.to.include('unwatched');
    expect(page.text.match(/<svg class="chart chart-keyword"/g)).to.have.length(2);
  });
});
