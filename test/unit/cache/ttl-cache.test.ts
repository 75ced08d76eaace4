import { expect } from 'chai';
import { TtlCache } from '../../../server/services/cache/ttl-cache.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TtlCache', () => {
  it('shares one computation between concurrent misses, and forgets a key on delete', async () => {
    let runs = 0;
    const cache = new TtlCache<number>(1_000, { clock: () => 0 });
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b, runs]).to.deep.equal([1, 1, 1]);
    cache.delete('k');
    expect(await cache.get('k', compute)).to.equal(2);
  });

  it('with serveStale, answers the expired value while one refresh runs, then the new one', async () => {
    let now = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const cache = new TtlCache<number>(1_000, { clock: () => now, serveStale: true });
    const slow = () => new Promise<number>((resolve) => { runs += 1; const value = runs; release = () => resolve(value); });
    const first = cache.get('k', slow);
    release();
    expect(await first).to.equal(1);
    now = 1_001;
    expect(await cache.get('k', slow)).to.equal(1);
    expect(await cache.get('k', slow), 'no second refresh while one runs').to.equal(1);
    expect(runs).to.equal(2);
    release();
    await settle();
    expect(await cache.get('k', slow)).to.equal(2);
    expect(runs).to.equal(2);
  });

  it('with serveStale, a failed refresh keeps the old value and the next reader tries again', async () => {
    let now = 0;
    const cache = new TtlCache<string>(1_000, { clock: () => now, serveStale: true });
    expect(await cache.get('k', async () => 'old')).to.equal('old');
    now = 1_001;
    expect(await cache.get('k', () => Promise.reject(new Error('down')))).to.equal('old');
    await settle();
    expect(await cache.get('k', async () => 'new')).to.equal('old');
    await settle();
    expect(await cache.get('k', async () => 'newer')).to.equal('new');
  });

  it('without serveStale, the first reader after expiry waits for the new value', async () => {
    let now = 0;
    const cache = new TtlCache<string>(1_000, { clock: () => now });
    await cache.get('k', async () => 'old');
    now = 1_001;
    expect(await cache.get('k', async () => 'new')).to.equal('new');
  });
});
