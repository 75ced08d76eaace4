/**
 * The in-memory feed's page windows, checked against the definition written
 * out plainly (filter and sort) for every bound over a small id set.
 */
import { expect } from 'chai';
import { insertId, removeId, windowOf } from '../../../server/services/timelines/feeds/sorted-ids.js';

const ids = ['B', 'D', 'F', 'H', 'K'];
const newestFirst = () => [...ids].sort().reverse();
const bounds = [undefined, 'A', 'B', 'C', 'F', 'G', 'K', 'Z'];

describe('in-memory feed windows', () => {
  it('give exactly the ids strictly between the bounds, in window order, at most count', () => {
    for (const below of bounds) {
      for (const above of bounds) {
        for (const ascending of [false, true]) {
          for (const count of [1, 2, 5]) {
            const inside = ids.filter((id) => (below === undefined || id < below) && (above === undefined || id > above)).sort();
            const expected = ascending ? inside.slice(0, count) : inside.reverse().slice(0, count);
            expect(windowOf(newestFirst(), { below, above, ascending, count }), JSON.stringify({ below, above, ascending, count })).to.deep.equal(expected);
          }
        }
      }
    }
  });

  it('insert keeps the order and refuses a duplicate; remove takes out only that id', () => {
    const feed = newestFirst();
    expect(insertId(feed, 'E')).to.equal(true);
    expect(insertId(feed, 'E')).to.equal(false);
    expect(insertId(feed, 'Z')).to.equal(true);
    expect(insertId(feed, 'A')).to.equal(true);
    expect(feed).to.deep.equal(['Z', 'K', 'H', 'F', 'E', 'D', 'B', 'A']);
    removeId(feed, 'F');
    removeId(feed, 'G');
    expect(feed).to.deep.equal(['Z', 'K', 'H', 'E', 'D', 'B', 'A']);
  });
});
