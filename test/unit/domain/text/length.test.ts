import { expect } from 'chai';
import { URL_CHARACTER_COST, countPostLength, validatePostText } from '../../../../server/domain/text/index.js';

describe('domain/text countPostLength / validatePostText', () => {
  it('counts plain ASCII characters', () => {
    expect(countPostLength('hello')).to.equal(5);
  });

  it('counts an astral character (code point) as one, not two UTF-16 units', () => {
    expect(countPostLength('𝄞')).to.equal(1);
  });

  it('counts an emoji with a skin-tone modifier as one character', () => {
    expect(countPostLength('👍🏽')).to.equal(1);
  });

  it('counts a ZWJ family emoji and a flag as one character each', () => {
    expect(countPostLength('👨‍👩‍👧🇫🇷')).to.equal(2);
  });

  it('counts a letter with a combining accent as one character', () => {
    expect(countPostLength('e\u0301')).to.equal(1);
  });

  it('counts every URL as 23 characters whatever its length', () => {
    const long = `https://example.com/${'a'.repeat(200)}`;
    expect(URL_CHARACTER_COST).to.equal(23);
    expect(countPostLength(long)).to.equal(23);
    expect(countPostLength('https://x.co')).to.equal(23);
    expect(countPostLength(`see ${long} now`)).to.equal(4 + 23 + 4);
  });

  it('does not give a bare domain the URL discount or penalty', () => {
    expect(countPostLength('example.com')).to.equal(11);
  });

  it('refuses empty text', () => {
    expect(validatePostText('', 500)).to.deep.equal({ ok: false, error: { code: 'E_POST_EMPTY' } });
  });

  it('refuses whitespace-only and invisible-only text as empty', () => {
    expect(validatePostText(' \n\t ', 500)).to.deep.equal({ ok: false, error: { code: 'E_POST_EMPTY' } });
    expect(validatePostText('\u200B\u200D\uFEFF\u3164', 500)).to.deep.equal({ ok: false, error: { code: 'E_POST_EMPTY' } });
  });

  it('refuses text over the limit and reports both counts', () => {
    expect(validatePostText('a'.repeat(11), 10)).to.deep.equal({
      ok: false,
      error: { code: 'E_POST_TOO_LONG', length: 11, maxLength: 10 },
    });
  });

  it('accepts text exactly at the limit and returns its length', () => {
    expect(validatePostText('a'.repeat(10), 10)).to.deep.equal({ ok: true, length: 10 });
  });

  it('accepts a long URL that fits thanks to the fixed URL cost', () => {
    expect(validatePostText(`https://example.com/${'a'.repeat(100)}`, 30)).to.deep.equal({ ok: true, length: 23 });
  });

  it('accepts 10 skin-toned emoji at a limit of 10', () => {
    expect(validatePostText('👍🏽'.repeat(10), 10)).to.deep.equal({ ok: true, length: 10 });
  });

  it('throws on a nonsensical maxLength (configuration error, not user error)', () => {
    expect(() => validatePostText('hi', 0)).to.throw(RangeError);
    expect(() => validatePostText('hi', 1.5)).to.throw(RangeError);
  });
});
