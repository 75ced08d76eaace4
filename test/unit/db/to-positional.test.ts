import { expect } from 'chai';
import { toPositional } from '../../../server/db/positional-sql.js';

describe('toPositional', () => {
  it('turns names into positional values and lists into placeholders', () => {
    expect(toPositional('SELECT 1 WHERE a = :a AND b IN (:b)', { a: 'x', b: ['y', 'z'] })).to.deep.equal({
      sql: 'SELECT 1 WHERE a = ? AND b IN (?, ?)',
      values: ['x', 'y', 'z'],
    });
  });

  it('pads lists to a few fixed lengths by repeating the last value, so similar queries share one SQL text', () => {
    const eleven = Array.from({ length: 11 }, (_, index) => `id${index}`);
    const thirteen = Array.from({ length: 13 }, (_, index) => `id${index}`);
    const a = toPositional('SELECT id FROM posts WHERE id IN (:ids)', { ids: eleven }, { padLists: true });
    const b = toPositional('SELECT id FROM posts WHERE id IN (:ids)', { ids: thirteen }, { padLists: true });
    expect(a.sql).to.equal(b.sql);
    expect(a.values).to.have.length(16);
    expect(a.values.slice(11)).to.deep.equal(Array(5).fill('id10'));
    expect(new Set(a.values)).to.deep.equal(new Set(eleven));
    expect(toPositional('x IN (:ids)', { ids: ['a', 'b', 'c'] }, { padLists: true }).values).to.deep.equal(['a', 'b', 'c']);
    expect(toPositional('x IN (:ids)', { ids: Array(65).fill('a') }, { padLists: true }).values).to.have.length(128);
    expect(toPositional('x IN (:ids)', { ids: Array(1025).fill('a') }, { padLists: true }).values).to.have.length(1025);
  });

  it('refuses a missing value and an empty list', () => {
    expect(() => toPositional('a = :a', {})).to.throw(/missing value for :a/);
    expect(() => toPositional('a IN (:a)', { a: [] })).to.throw(/empty list/);
  });
});
