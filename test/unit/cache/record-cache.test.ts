import { expect } from 'chai';
import { RecordCache } from '../../../server/db/cache/record-cache.js';

interface Row {
  id: string;
  version: number;
}

/** A source whose loads finish when the test says so, counting what it was asked for. */
function source() {
  let version = 1;
  const asked: string[][] = [];
  const pending: Array<() => void> = [];
  return {
    asked,
    bump: () => (version += 1),
    finishAll: () => pending.splice(0).forEach((finish) => finish()),
    load: (ids: string[], options: { hold?: boolean } = {}) => {
      asked.push(ids);
      const read = new Map(ids.map((id) => [id, { id, version }]));
      if (!options.hold) return Promise.resolve(read);
      return new Promise<Map<string, Row>>((resolve) => pending.push(() => resolve(read)));
    },
  };
}

describe('RecordCache', () => {
  it('loads only the ids it lacks, once each, and remembers them', async () => {
    const rows = source();
    const cache = new RecordCache<Row>('rows', { maxEntries: 10, ttlMs: 60_000 });
    await cache.getMany(['a', 'b'], (missing) => rows.load(missing));
    const found = await cache.getMany(['a', 'b', 'c', 'c'], (missing) => rows.load(missing));
    expect(rows.asked).to.deep.equal([['a', 'b'], ['c']]);
    expect([...found.keys()].sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('does not remember ids the source did not return', async () => {
    const cache = new RecordCache<Row>('rows', { maxEntries: 10, ttlMs: 60_000 });
    let loads = 0;
    const none = async () => {
      loads += 1;
      return new Map<string, Row>();
    };
    await cache.getMany(['gone'], none);
    await cache.getMany(['gone'], none);
    expect(loads).to.equal(2);
  });

  it('drops invalidated keys, and a load that started before an invalidation does not put the old row back', async () => {
    const rows = source();
    const cache = new RecordCache<Row>('rows', { maxEntries: 10, ttlMs: 60_000 });
    // A read starts, the write commits and is told, then the read (which saw the old row) finishes.
    const racing = cache.getMany(['a', 'b'], (missing) => rows.load(missing, { hold: true }));
    rows.bump();
    cache.invalidate(['a']);
    rows.finishAll();
    expect((await racing).get('a')?.version, 'the racing read still answers what it read').to.equal(1);
    const next = await cache.getMany(['a', 'b'], (missing) => rows.load(missing));
    expect(next.get('a')?.version, 'a was read again').to.equal(2);
    expect(next.get('b')?.version, 'b, not invalidated, was kept').to.equal(1);
  });

  it('clear() drops everything and keeps loads already running from storing', async () => {
    const rows = source();
    const cache = new RecordCache<Row>('rows', { maxEntries: 10, ttlMs: 60_000 });
    await cache.getMany(['a'], (missing) => rows.load(missing));
    const racing = cache.getMany(['b'], (missing) => rows.load(missing, { hold: true }));
    cache.clear();
    rows.finishAll();
    await racing;
    expect(cache.size).to.equal(0);
  });

  it('expires entries after the TTL and keeps at most maxEntries, least recently used going first', async () => {
    let now = 1_000;
    const rows = source();
    const cache = new RecordCache<Row>('rows', { maxEntries: 2, ttlMs: 30_000, clock: () => now });
    await cache.getMany(['a', 'b'], (missing) => rows.load(missing));
    await cache.getMany(['a'], (missing) => rows.load(missing));
    await cache.getMany(['c'], (missing) => rows.load(missing));
    expect(cache.size).to.equal(2);
    await cache.getMany(['a', 'b'], (missing) => rows.load(missing));
    expect(rows.asked.at(-1), 'b was evicted, a kept').to.deep.equal(['b']);
    now += 30_001;
    await cache.getMany(['a'], (missing) => rows.load(missing));
    expect(rows.asked.at(-1), 'a expired').to.deep.equal(['a']);
  });

  it('counts hits and misses', async () => {
    const counted: string[] = [];
    const cache = new RecordCache<Row>('rows', { maxEntries: 10, ttlMs: 60_000 }, (name, outcome, count) => counted.push(`${name} ${outcome} ${count}`));
    const rows = source();
    await cache.getMany(['a'], (missing) => rows.load(missing));
    await cache.getMany(['a', 'b'], (missing) => rows.load(missing));
    expect(counted).to.deep.equal(['rows hit 0', 'rows miss 1', 'rows hit 1', 'rows miss 1']);
  });
});
