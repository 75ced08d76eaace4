import { expect } from 'chai';
import { isId, newId } from '../../../server/domain/ids.js';

describe('time-sortable ids', () => {
  it('sort by creation time as plain strings, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_800_000_000_000));
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(1000);
    expect(newId(1_800_000_000_001) > ids[ids.length - 1]!).to.equal(true);
  });

  it('recognises well-formed ids only', () => {
    expect(isId(newId())).to.equal(true);
    expect(isId('1')).to.equal(false);
    expect(isId("01ARZ3NDEKTSV4RRFFQ69G5FA' OR 1=1")).to.equal(false);
  });
});
