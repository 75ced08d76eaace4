import { expect } from 'chai';
import { TrendCache } from '../../../server/services/trends/trend-cache.js';
import { postScore, tagHistory, tagScore } from '../../../server/services/trends/trend-scoring.js';
import { trendRequest } from '../../../server/services/trends/trends-service.js';

const DAY = 86_400_000;

describe('trend scoring', () => {
  it('ranks a tag by distinct people, rising against the window before', () => {
    expect(tagScore(3, 0)).to.be.greaterThan(tagScore(1, 0));
    expect(tagScore(2, 3)).to.equal(0);
    expect(tagScore(3, 3)).to.equal(0);
    expect(tagScore(20, 5)).to.be.greaterThan(tagScore(101, 100));
  });

  it('decays a post by its age relative to the window', () => {
    expect(postScore(4, 0, DAY)).to.equal(4);
    expect(postScore(4, DAY, DAY)).to.equal(2);
    expect(postScore(0, 0, DAY)).to.equal(0);
    expect(postScore(2, 0, DAY)).to.be.greaterThan(postScore(2, 3600_000, DAY));
  });

  it('builds Mastodon history: 7 UTC days newest first, strings, distinct accounts', () => {
    const now = Date.UTC(2026, 10, 22, 15);
    const history = tagHistory(
      [
        { authorId: 'a', time: now - 3600_000 },
        { authorId: 'a', time: now - 2 * 3600_000 },
        { authorId: 'b', time: now - DAY },
        { authorId: 'c', time: now - 30 * DAY },
      ],
      now,
    );
    expect(history).to.have.length(7);
    expect(history[0]).to.deep.equal({ day: String(Date.UTC(2026, 10, 22) / 1000), uses: '2', accounts: '1' });
    expect(history[1]).to.deep.equal({ day: String(Date.UTC(2026, 10, 21) / 1000), uses: '1', accounts: '1' });
    expect(history.slice(2).every((day) => day.uses === '0')).to.equal(true);
  });

  it('reads request parameters with defaults and refusals', () => {
    expect(trendRequest({})).to.deep.equal({ window: '24h', groupId: null, limit: 10 });
    expect(trendRequest({ window: '7d', limit: '50' })).to.include({ window: '7d', limit: 20 });
    expect(() => trendRequest({ window: '1y' })).to.throw('window');
    expect(() => trendRequest({ limit: '-1' })).to.throw('limit');
    expect(() => trendRequest({ groupId: ['a', 'b'] })).to.throw('group_id');
  });
});

describe('trend cache', () => {
  it('reuses a computation until it expires, and forgets failures', async () => {
    let now = 0;
    let runs = 0;
    const cache = new TrendCache<number>(60_000, 10, () => now);
    const compute = async () => ++runs;
    expect(await cache.get('k', compute)).to.equal(1);
    expect(await cache.get('k', compute)).to.equal(1);
    now = 60_001;
    expect(await cache.get('k', compute)).to.equal(2);
    const failing = cache.get('f', () => Promise.reject(new Error('down')));
    await failing.catch(() => undefined);
    expect(await cache.get('f', compute)).to.equal(3);
  });

  it('keeps at most the configured number of entries', async () => {
    let runs = 0;
    const cache = new TrendCache<number>(60_000, 2, () => 0);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => ++runs);
    expect(await cache.get('a', async () => ++runs)).to.equal(4);
  });
});
