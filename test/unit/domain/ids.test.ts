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

describe('firstIdAt', () => {
  it('is a lower bound for ids made at that time and an upper bound for earlier ones', async () => {
    const { firstIdAt } = await import('../../../server/domain/ids.js');
    const { ulid } = await import('ulid');
    const moment = Date.parse('2026-05-01T12:00:00Z');
    expect(ulid(moment) >= firstIdAt(new Date(moment))).to.equal(true);
    expect(ulid(moment - 1) < firstIdAt(new Date(moment))).to.equal(true);
    expect(firstIdAt(new Date(moment))).to.have.length(26);
  });
});
