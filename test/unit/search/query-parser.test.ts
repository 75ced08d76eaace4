import { expect } from 'chai';
import { DomainError } from '../../../server/domain/errors.js';
import { highlightToHtml, MARK_CLOSE, MARK_OPEN } from '../../../server/services/search/highlight.js';
import {
  MAX_QUERY_LENGTH,
  normalizeQueryText,
  parseSearchQuery,
  toFtsMatch,
  toPeopleFtsMatch,
  toPeopleTsQuery,
  toTsQuery,
} from '../../../server/services/search/query-parser.js';

const fts = (q: string) => toFtsMatch(parseSearchQuery(q));
const ts = (q: string) => toTsQuery(parseSearchQuery(q));
const refusal = (q: string) => {
  try {
    parseSearchQuery(q);
    return null;
  } catch (error) {
    return error instanceof DomainError ? [error.code, error.status, error.field] : error;
  }
};

describe('search query parser', () => {
  it('requires every word, quoting each so FTS5 reads none of them as syntax', () => {
    expect(fts('deploy failed')).to.equal('("deploy") AND ("failed")');
    expect(ts('deploy failed')).to.equal('(deploy) & (failed)');
  });

  it('supports phrases, prefixes, exclusions and OR', () => {
    expect(fts('"release notes" bill* -draft')).to.equal('(("release notes") AND ("bill"*)) NOT ("draft")');
    expect(ts('"release notes" bill* -draft')).to.equal('(release <-> notes) & (bill:*) & !(draft)');
    expect(fts('alpha OR beta gamma')).to.equal('("alpha" OR "beta") AND ("gamma")');
    expect(fts('NOT secret public')).to.equal('(("public")) NOT ("secret")');
  });

  it('splits words on punctuation the way the tokenizers do', () => {
    expect(fts('ann.smith@example.com')).to.equal('("ann smith example com")');
    expect(fts("o'brien")).to.equal('("o brien")');
    expect(fts('#Launch')).to.equal('("launch")');
  });

  it('turns hostile input into quoted words or a 422, never into query syntax', () => {
    for (const q of ['"', '*', '-', 'OR', 'AND', 'NOT', '()', '"" ""', '^', ':', '\\', '-"x"']) {
      expect(refusal(q), q).to.deep.equal(['E_VALIDATION', 422, 'q']);
    }
    for (const q of ['a) OR (b', 'NEAR(a b)', 'text:secret', '{a b}', "'; DROP TABLE posts; --", 'a & !b | c', 'x:* <-> y']) {
      const match = fts(q);
      // Outside the quoted words, only the operators this parser writes.
      expect(match.replace(/"[\p{L}\p{N} ]*"\*?/gu, 'W'), q).to.match(/^[W()\s]*(?:(?:AND|OR|NOT)[W()\s]*)*$/);
      expect(ts(q).replace(/[\p{L}\p{N}]+/gu, 'w'), q).to.match(/^[w()\s&|!<\->:*]*$/);
    }
  });

  it('refuses a query that is too long or has only exclusions', () => {
    expect(refusal('a'.repeat(MAX_QUERY_LENGTH + 1))).to.deep.equal(['E_VALIDATION', 422, 'q']);
    expect(refusal('-draft')).to.deep.equal(['E_VALIDATION', 422, 'q']);
    expect(refusal('a'.repeat(MAX_QUERY_LENGTH))).to.equal(null);
  });

  it('matches people by the prefix of every word', () => {
    expect(toPeopleFtsMatch(parseSearchQuery('ann sm'))).to.equal('("ann"*) AND ("sm"*)');
    expect(toPeopleTsQuery(parseSearchQuery('ann sm'))).to.equal('(ann:*) & (sm:*)');
  });

  it('normalises saved queries', () => {
    expect(normalizeQueryText('  quarterly \t results ')).to.equal('quarterly results');
  });
});

describe('search highlights', () => {
  it('escapes everything, then marks the matches', () => {
    expect(highlightToHtml(`<script>x</script> ${MARK_OPEN}deploy${MARK_CLOSE} & "q"`)).to.equal(
      '&lt;script&gt;x&lt;/script&gt; <mark>deploy</mark> &amp; &quot;q&quot;',
    );
  });

  it('keeps the marks balanced whatever markers the text itself holds', () => {
    expect(highlightToHtml(`${MARK_CLOSE}a${MARK_OPEN}${MARK_OPEN}b`)).to.equal('a<mark>b</mark>');
  });
});
